import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import TestSupport

/// How the test store answers one transaction.
enum Answer: Sendable, Equatable {
    /// Apply it (conditional create) and answer with a transaction-response.
    case apply
    /// Apply it, then close the connection without answering (the hub cannot know it was stored).
    case applyThenDrop
    /// Apply it, then hold the answer until ``FHIRTestServer/release()`` (a hub restarted meanwhile).
    case applyThenHold
    /// Answer with this status, applying nothing.
    case status(Int, retryAfter: String?)
}

/// A request as the test store received it.
struct ReceivedRequest: Sendable {
    var at: Date
    var entries: Int
    var authorization: String?
}

/// One entry of a transaction, as far as the test store needs it.
struct TransactionEntry: Sendable {
    /// `system|value` of the resource's first identifier.
    var identifier: String?
    /// The token of `ifNoneExist: identifier=system|value`.
    var ifNoneExist: String?
}

/// The test store's state: resources kept by identifier, as a FHIR server does for conditional create.
actor FHIRStoreState {
    /// identifier → how many times a resource with it was created. Exactly once: every value 1.
    private(set) var creates: [String: Int] = [:]
    private(set) var requests: [ReceivedRequest] = []
    /// Answers for the next requests, in order; `.apply` once used up.
    private var script: [Answer] = []
    /// A transaction holding one of these identifiers is refused as a whole with 422.
    private var rejected: Set<String> = []
    private var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var releasedHeld = false
    private var held: [CheckedContinuation<Void, Never>] = []

    func setScript(_ answers: [Answer]) { script = answers }
    func reject(_ identifier: String) { rejected.insert(identifier) }

    func received(_ request: ReceivedRequest) -> Answer {
        requests.append(request)
        watchers.removeAll { watcher in
            guard requests.count >= watcher.count else { return false }
            watcher.continuation.resume()
            return true
        }
        return script.isEmpty ? .apply : script.removeFirst()
    }

    /// Returns once `count` requests have arrived.
    func waitForRequests(_ count: Int) async {
        if requests.count >= count { return }
        await withCheckedContinuation { watchers.append((count, $0)) }
    }

    /// Waits until ``releaseHeld()`` (at once if it was called).
    func hold() async {
        if releasedHeld { return }
        await withCheckedContinuation { held.append($0) }
    }

    func releaseHeld() {
        releasedHeld = true
        held.forEach { $0.resume() }
        held = []
    }

    /// All or nothing: nil (nothing stored) when an entry is refused, else each entry's status.
    func apply(_ entries: [TransactionEntry]) -> [String]? {
        if entries.contains(where: { $0.identifier.map(rejected.contains) ?? false }) { return nil }
        return entries.map { entry in
            if let token = entry.ifNoneExist, creates[token] != nil { return "200 OK" }
            if let identifier = entry.identifier { creates[identifier, default: 0] += 1 }
            return "201 Created"
        }
    }
}

/// A request context that keeps the connection, so a handler can drop it.
struct StoreRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// A FHIR server good enough for the forwarder's tests: POST a transaction Bundle to `/fhir`.
final class FHIRTestServer: Sendable {
    static let outcomeMentioningPatient = #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Observation for Patient/pat-0001 refused: value out of range"}]}"#

    let state = FHIRStoreState()
    private let tls: TLSConfiguration?
    private let running = Running()

    init(tls: TLSConfiguration? = nil) {
        self.tls = tls
    }

    /// Starts listening on 127.0.0.1 (`port` 0: any); returns the port.
    func start(port: Int = 0) async throws -> Int {
        let router = Router(context: StoreRequestContext.self)
        router.post("fhir") { [state] request, context -> Response in
            try await Self.handle(request, context, state: state)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "test.fhir-store")
        quiet.logLevel = .critical
        let server: HTTPServerBuilder = if let tls { try .tls(.http1(), tlsConfiguration: tls) } else { .http1() }
        let application = Application(
            router: router, server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? -1) },
            logger: quiet)
        let task = Task {
            defer { portContinuation.finish() }
            try await application.run()
        }
        running.set(task)
        let bound = try await withTimeout(20, "the test store to listen") {
            for await port in ports { return port }
            throw TimedOut(what: "the test store to listen (it stopped)")
        }
        return bound
    }

    /// Stops listening and waits until the port is closed.
    func stop() async {
        await state.releaseHeld()
        guard let task = running.take() else { return }
        task.cancel()
        _ = await task.result
    }

    private static func handle(
        _ request: Request, _ context: StoreRequestContext, state: FHIRStoreState
    ) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        let entries = try parse(Data(body.readableBytesView))
        let answer = await state.received(ReceivedRequest(
            at: Date(), entries: entries.count, authorization: request.headers[.authorization]))
        if case .status(let code, let retryAfter) = answer {
            var headers: HTTPFields = [.contentType: "application/fhir+json"]
            if let retryAfter { headers[.retryAfter] = retryAfter }
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string:
                #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient"}]}"#)))
        }
        guard let statuses = await state.apply(entries) else {
            return Response(status: .init(code: 422), headers: [.contentType: "application/fhir+json"],
                            body: .init(byteBuffer: ByteBuffer(string: outcomeMentioningPatient)))
        }
        switch answer {
        case .applyThenDrop:
            try await context.channel.close()
            throw HTTPError(.internalServerError)
        case .applyThenHold:
            await state.hold()
        default:
            break
        }
        let response: [String: Any] = [
            "resourceType": "Bundle", "type": "transaction-response",
            "entry": statuses.map { ["response": ["status": $0]] },
        ]
        let json = try JSONSerialization.data(withJSONObject: response)
        return Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// The entries of a transaction Bundle: identifier and ifNoneExist.
    static func parse(_ data: Data) throws -> [TransactionEntry] {
        guard let bundle = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              bundle["resourceType"] as? String == "Bundle", bundle["type"] as? String == "transaction"
        else { throw HTTPError(.badRequest, message: "not a transaction Bundle") }
        return (bundle["entry"] as? [[String: Any]] ?? []).map { entry in
            let resource = entry["resource"] as? [String: Any]
            let identifier = (resource?["identifier"] as? [[String: Any]])?.first.flatMap { id -> String? in
                guard let system = id["system"] as? String, let value = id["value"] as? String else { return nil }
                return "\(system)|\(value)"
            }
            let condition = (entry["request"] as? [String: Any])?["ifNoneExist"] as? String
            return TransactionEntry(
                identifier: identifier,
                ifNoneExist: condition.flatMap { $0.hasPrefix("identifier=") ? String($0.dropFirst("identifier=".count)) : nil })
        }
    }
}

private final class Running: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, any Error>?

    func set(_ task: Task<Void, any Error>) { lock.withLock { self.task = task } }
    func take() -> Task<Void, any Error>? { lock.withLock { defer { task = nil }; return task } }
}
