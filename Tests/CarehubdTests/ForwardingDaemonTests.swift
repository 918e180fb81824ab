import ControlAPI
import DBus
import Foundation
import GatewayStore
import Hummingbird
import Logging
import TestSupport
import Testing

/// A FHIR endpoint on loopback that applies transactions the way a FHIR server does conditional
/// create: a resource is created once per `ifNoneExist` identifier, a re-sent one is not created again.
actor LoopbackFHIRStore {
    /// `ifNoneExist` → how many times a resource with it was created (exactly once: all 1).
    private(set) var creates: [String: Int] = [:]
    private(set) var resourceTypes: [String: String] = [:]
    private(set) var transactions = 0
    /// Conditional updates (`PUT Device?identifier=…`, the hub's heartbeat) → how many times.
    private(set) var updates: [String: Int] = [:]

    /// Applies a transaction Bundle's entries; the number of entries, or nil when it is not one.
    func apply(_ body: Data) -> Int? {
        guard let bundle = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              bundle["resourceType"] as? String == "Bundle", bundle["type"] as? String == "transaction",
              let entries = bundle["entry"] as? [[String: Any]]
        else { return nil }
        transactions += 1
        for entry in entries {
            let request = entry["request"] as? [String: Any]
            if request?["method"] as? String == "PUT", let url = request?["url"] as? String {
                updates[url, default: 0] += 1
                continue
            }
            let key = (request?["ifNoneExist"] as? String) ?? UUID().uuidString
            if creates[key] == nil {
                creates[key] = 1
                resourceTypes[key] = (entry["resource"] as? [String: Any])?["resourceType"] as? String
            }
        }
        return entries.count
    }

    /// Serves `POST /fhir` on a free loopback port until `task` is cancelled.
    static func serve(_ store: LoopbackFHIRStore) async throws -> (port: Int, task: Task<Void, any Error>) {
        let router = Router()
        router.post("/fhir") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            guard let count = await store.apply(Data(buffer: body)) else {
                return Response(status: .badRequest)
            }
            let entries = Array(repeating: #"{"response":{"status":"201 Created"}}"#, count: count).joined(separator: ",")
            let json = #"{"resourceType":"Bundle","type":"transaction-response","entry":[\#(entries)]}"#
            return Response(
                status: .ok, headers: [.contentType: "application/fhir+json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        var quiet = Logger(label: "test.fhir-endpoint")
        quiet.logLevel = .critical
        let (ports, promise) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in promise.yield(channel.localAddress?.port ?? 0); promise.finish() }, logger: quiet)
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw FHIREndpointError() }
        return (port, task)
    }

    struct FHIREndpointError: Error {}
}

/// carehubd with a `[forwarding]` section: every reading of an assigned cuff reaches the clinic's
/// FHIR endpoint exactly once, with its conditional-create identifiers, and the hub marks it sent.
@Suite("carehubd forwards to a FHIR endpoint", .serialized)
struct ForwardingDaemonTests {
    @Test("an assigned cuff's readings are forwarded once each, as PHD Observations with Devices; the outbox is empty after")
    func forwardsOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehubd-fwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let endpoint = LoopbackFHIRStore()
        let (port, server) = try await LoopbackFHIRStore.serve(endpoint)
        defer { server.cancel() }

        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let database = directory.appendingPathComponent("hub.sqlite").path
        let config = directory.appendingPathComponent("carehubd.toml")
        try """
            database = "\(database)"
            [display]
            port = 0
            [forwarding]
            url = "http://127.0.0.1:\(port)/fhir"
            batch_size = 2
            """.write(to: config, atomically: true, encoding: .utf8)

        let watcher = try await DBusConnection.connect(address: sim.bus.address)
        let owners = watcher.nameOwnerChanges(ControlBus.busName)
        let daemon = try DaemonProcess(["--config", config.path], busAddress: sim.bus.address, directory: directory)
        if await RemoteGatewayControl.ifRunning(on: watcher) == nil {
            _ = try await next(owners.filter { $0 != nil }, "carehubd on the bus", timeout: 30)
        }
        let control = RemoteGatewayControl(connection: watcher)
        try await eventually("carehubd attached to the simulated adapter") { try await control.status().adapter == "hci0" }
        _ = try await control.pair(address: SimHarness.cuffAddress, delegate: ScriptedTechnician(passkey: 246_810), technician: "ignored")
        _ = try await control.assign(address: SimHarness.cuffAddress, patient: "P-FWD-1", userIndex: nil, technician: "ignored")

        let reader = try HubStore.openReadOnly(path: database)
        try await eventually("the cuff's three readings stored and accepted by the clinic's endpoint", within: 60) {
            let ids = try reader.recentReadings(limit: 10).map(\.id)
            guard ids.count == 3 else { return false }
            return try reader.forwardedReadingIDs(among: ids).count == 3
        }
        let creates = await endpoint.creates
        let types = await endpoint.resourceTypes
        #expect(creates.values.allSatisfy { $0 == 1 }, "every resource created once")
        #expect(!creates.isEmpty && creates.keys.allSatisfy { $0.hasPrefix("identifier=") }, "every entry is a conditional create")
        let pressures = creates.keys.filter { types[$0] == "Observation" && $0.contains("-150020-") }
        #expect(pressures.count == 3, "three blood-pressure Observations: \(pressures)")
        #expect(pressures.allSatisfy { $0.contains("P-FWD-1") }, "the identifier carries the logical patient id")
        #expect(types.values.filter { $0 == "Device" }.count == 2, "the cuff and the hub, once each")
        #expect(await endpoint.transactions >= 2, "batches of at most 2 readings")
        // The clinic sync's heartbeat at start-up: a conditional update of the hub's own Device (its
        // id comes from /etc/machine-id; a machine without one has no hub id and sends none).
        let machineID = (try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8)) ?? ""
        if machineID.trimmingCharacters(in: .whitespacesAndNewlines).count >= 16 {
            try await eventually("the hub's heartbeat", within: 30) {
                await endpoint.updates.keys.contains { $0.hasPrefix("Device?identifier=urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680|") }
            }
        }

        #expect(await daemon.terminate() == 0)
        #expect(!daemon.log.contains("P-FWD-1"), "the patient id must not be logged at the default level")
    }
}
