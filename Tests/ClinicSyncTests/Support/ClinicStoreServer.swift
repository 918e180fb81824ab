import FHIR
import Foundation
import Hummingbird
import Logging
import NIOCore
import TestSupport

/// What the test store holds and saw: messages, threshold sets, groups, and the transactions hubs sent.
actor ClinicStoreState {
    struct Message: Sendable {
        var content: ClinicMessageContent
        var lastUpdated: Date
    }

    private(set) var messages: [Message] = []
    /// Group name → its patients (the store expands group messages per patient).
    var groups: [String: Set<String>] = [:]
    /// Patient → the current threshold set and its version.
    private(set) var thresholds: [String: PatientThresholds] = [:]
    /// Conditional creates by identifier: how many resources were created with each (exactly once: 1).
    private(set) var creates: [String: Int] = [:]
    private(set) var contactRequests: [ContactRequest] = []
    private(set) var heartbeats: [HubHeartbeat] = []
    /// Every search's path and query, in order (to see the cursor a hub asks from).
    private(set) var searches: [String] = []

    func addMessage(_ content: ClinicMessageContent, updated: Date) { messages.append(Message(content: content, lastUpdated: updated)) }
    func setGroup(_ name: String, _ patients: Set<String>) { groups[name] = patients }

    func setThresholds(_ set: PatientThresholds) {
        let next = (Int(thresholds[set.patientID]?.version ?? "0") ?? 0) + 1
        var versioned = set
        versioned.version = String(next)
        thresholds[set.patientID] = versioned
    }

    func searched(_ what: String) { searches.append(what) }

    /// The messages `patient` should see, changed after `since`, oldest first.
    func messages(for patient: String, since: Date?) -> [Message] {
        messages.filter { message in
            if let since, message.lastUpdated <= since { return false }
            switch message.content.audience {
            case .patient(let id): return id == patient
            case .group(let name): return groups[name]?.contains(patient) ?? false
            case .all: return true
            }
        }.sorted { $0.lastUpdated < $1.lastUpdated }
    }

    func thresholdSet(for patient: String) -> PatientThresholds? { thresholds[patient] }

    /// Applies a transaction: conditional creates of contact requests, or a heartbeat's updates.
    func apply(_ bundle: FHIRBundle) throws -> [String] {
        let entries = bundle.entry ?? []
        if entries.allSatisfy({ $0.request?.method == "PUT" }) {
            heartbeats.append(try HubHeartbeat(bundle))
            return entries.map { _ in "200 OK" }
        }
        return try entries.map { entry in
            guard case .communication(let resource)? = entry.resource, let condition = entry.request?.ifNoneExist else {
                throw HTTPError(.badRequest, message: "only conditional creates of Communications")
            }
            if creates[condition] != nil { return "200 OK" }
            creates[condition] = 1
            contactRequests.append(try ContactRequest(resource))
            return "201 Created"
        }
    }
}

/// A FHIR server on loopback that answers the searches and transactions of docs/STORE-API.md.
final class ClinicStoreServer: Sendable {
    let state = ClinicStoreState()
    private let running = RunningTask()

    /// Starts listening on 127.0.0.1 (`port` 0: any); returns the port.
    func start(port: Int = 0) async throws -> Int {
        let router = Router()
        let state = self.state
        router.get("fhir/Communication") { request, _ -> Response in
            let query = request.uri.queryParameters
            await state.searched("Communication?" + (request.uri.query ?? ""))
            guard let recipient = query.get("recipient"), recipient.hasPrefix("Patient/"),
                  query.get("category") == "\(CareHubURI.communicationCategory)|clinic-message"
            else { throw HTTPError(.badRequest, message: "unsupported search") }
            var since: Date?
            if let updated = query.get("_lastUpdated") {
                guard updated.hasPrefix("gt"), let date = FHIRInstant.date(String(updated.dropFirst(2))) else {
                    throw HTTPError(.badRequest, message: "bad _lastUpdated")
                }
                since = date
            }
            let found = await state.messages(for: String(recipient.dropFirst(8)), since: since)
            let entries = found.map { message -> FHIRBundle.Entry in
                var resource = message.content.communication()
                var meta = Meta(profile: nil)
                meta.lastUpdated = FHIRInstant.text(message.lastUpdated)
                meta.versionId = "1"
                resource.meta = meta
                return FHIRBundle.Entry(fullUrl: "http://store/fhir/Communication/\(message.content.id)", resource: .communication(resource))
            }
            return try Self.json(FHIRBundle(type: "searchset", entry: entries))
        }
        router.get("fhir/Basic") { request, _ -> Response in
            let query = request.uri.queryParameters
            await state.searched("Basic?" + (request.uri.query ?? ""))
            guard let subject = query.get("subject"), subject.hasPrefix("Patient/"),
                  query.get("code") == "\(CareHubURI.basicCode)|patient-thresholds"
            else { throw HTTPError(.badRequest, message: "unsupported search") }
            let set = await state.thresholdSet(for: String(subject.dropFirst(8)))
            let entries = set.map { [FHIRBundle.Entry(fullUrl: nil, resource: .basic($0.basic()))] } ?? []
            return try Self.json(FHIRBundle(type: "searchset", entry: entries))
        }
        router.post("fhir") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let bundle = try FHIRJSON.decode(FHIRBundle.self, from: String(decoding: body.readableBytesView, as: UTF8.self))
            guard bundle.type == "transaction" else { throw HTTPError(.badRequest, message: "not a transaction") }
            let statuses = try await state.apply(bundle)
            return try Self.json(FHIRBundle(
                type: "transaction-response",
                entry: statuses.map { FHIRBundle.Entry(fullUrl: nil, resource: nil, response: .init(status: $0)) }))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "test.clinic-store")
        quiet.logLevel = .critical
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? -1) }, logger: quiet)
        let task = Task {
            defer { portContinuation.finish() }
            try await application.run()
        }
        running.set(task)
        return try await withTimeout(20, "the test store to listen") {
            for await port in ports { return port }
            // It stopped before listening: say why (a port taken, …).
            var why = "no error"
            if case .failure(let error) = await task.result { why = String(describing: error) }
            let sockets = (try? await ChildProcess.run("/usr/bin/ss", ["-tanpe"]))?.output ?? ""
            why += "\n" + sockets.split(separator: "\n").filter { $0.contains(":\(port) ") }.joined(separator: "\n")
            throw TimedOut(what: "the test store to listen on port \(port) (it stopped: \(why))")
        }
    }

    /// Stops listening and waits until the port is closed (the store is down).
    func stop() async {
        guard let task = running.take() else { return }
        task.cancel()
        _ = await task.result
    }

    static func json(_ bundle: FHIRBundle) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                 body: .init(byteBuffer: ByteBuffer(string: try FHIRJSON.encode(bundle))))
    }
}

private final class RunningTask: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, any Error>?

    func set(_ task: Task<Void, any Error>) { lock.withLock { self.task = task } }
    func take() -> Task<Void, any Error>? { lock.withLock { defer { task = nil }; return task } }
}
