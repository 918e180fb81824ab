import Forwarding
import Foundation
import GatewayStore
import Logging

/// A real SQLite store in a temporary directory, readings committed with their identifiers, and
/// a forwarder wired to a test store.
final class ForwardingFixture: @unchecked Sendable {
    static let system = "urn:carehub:test:reading"
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    let directory: URL
    var databasePath: String { directory.appendingPathComponent("carehub.db").path }
    private(set) var store: HubStore
    let logs = LogLines()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-fwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try HubStore.open(path: directory.appendingPathComponent("carehub.db").path,
                                      logger: Logger(label: "test.store"))
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Closes the store and opens the same file again (a daemon restart).
    func reopen() throws {
        try store.close()
        store = try HubStore.open(path: databasePath, logger: Logger(label: "test.store"))
    }

    /// The identifier value of reading number `index` of a fixture.
    static func identifier(_ index: Int) -> String { "A4C138000001-pat-0001-150020-\(index)" }

    /// Commits `count` blood-pressure readings (numbered from `first`), each with its identifier.
    @discardableResult
    func commit(_ count: Int, first: Int = 0, identifiers: Bool = true) throws -> [ReadingID] {
        try (first..<(first + count)).map { index in
            let at = Self.base.addingTimeInterval(Double(index) * 60)
            let reading = NewReading(
                deviceAddress: "A4:C1:38:00:00:01", userIndex: 1, patientID: "pat-0001", characteristic: "2A35",
                kind: .bloodPressure, systolic: Double(110 + index % 50), diastolic: 80, pressureUnit: "mmHg",
                raw: [0x1C, UInt8(index & 0xFF), UInt8(index >> 8 & 0xFF)], deviceTime: nil, receivedAt: at, effectiveAt: at,
                phdIdentifier: Self.identifier(index), connectionID: "conn-\(index)")
            let assessment = NewAssessment(
                colour: .green, ruleIDs: [], parametersJSON: "{}", observationsJSON: "{}", rulesetVersion: "test",
                textSV: "Bra", textEN: "Good", priority: .none, newAlert: false)
            let ids = identifiers ? #"{"Observation":"\#(Self.identifier(index))"}"# : "{}"
            guard case .stored(let id) = try store.commit(reading: reading, assessment: assessment, identifiersJSON: ids) else {
                throw PKIError(message: "reading \(index) not stored")
            }
            return id
        }
    }

    /// `system|value` keys the test store files reading `index` under.
    static func key(_ index: Int) -> String { "\(system)|\(identifier(index))" }

    /// Maps each outbox item to one conditional-create Observation entry (a stand-in for the FHIR target).
    static let builder = BundleBuilder { items in
        var entries: [[String: Any]] = []
        for item in items {
            guard let ids = try? JSONSerialization.jsonObject(with: Data(item.identifiersJSON.utf8)) as? [String: String],
                  let value = ids["Observation"] else {
                throw UnmappableReading(id: item.id, reason: "no Observation identifier")
            }
            entries.append([
                "fullUrl": "urn:uuid:\(UUID().uuidString.lowercased())",
                "resource": [
                    "resourceType": "Observation", "status": "final",
                    "identifier": [["system": system, "value": value]],
                    "valueQuantity": ["value": item.stored.reading.systolic ?? 0, "unit": "mmHg"],
                ] as [String: Any],
                "request": ["method": "POST", "url": "Observation", "ifNoneExist": "identifier=\(system)|\(value)"],
            ])
        }
        let bundle: [String: Any] = ["resourceType": "Bundle", "type": "transaction", "entry": entries]
        return TransactionBundle(body: Array(try JSONSerialization.data(withJSONObject: bundle)), entryCount: entries.count)
    }

    /// Short backoff so a test waits tens of milliseconds, not seconds.
    static let fastBackoff = BackoffPolicy(initial: 0.05, maximum: 0.2, maximumRetryAfter: 5)

    func forwarder(
        url: String, batchSize: Int = 100, caFile: String? = nil, tokenFile: String? = nil,
        clientCertificate: String? = nil, clientKey: String? = nil, wakeup: ForwarderWakeup = ForwarderWakeup()
    ) throws -> Forwarder {
        try Forwarder(
            configuration: ForwardingConfiguration(
                url: url, tokenFile: tokenFile, caFile: caFile, clientCertificate: clientCertificate, clientKey: clientKey,
                batchSize: batchSize, connectTimeout: 5, requestTimeout: 10, backoff: Self.fastBackoff),
            store: store, builder: Self.builder, wakeup: wakeup, logger: logs.logger(), environment: [:])
    }
}

/// Runs the forwarder while `body` runs, then cancels it and waits until it stopped.
func whileRunning<T: Sendable>(_ forwarder: Forwarder, _ body: () async throws -> T) async throws -> T {
    let task = Task { try await forwarder.run() }
    do {
        let result = try await body()
        task.cancel()
        _ = await task.result
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

extension [ForwarderEvent] {
    /// Every reading the forwarder reported sent.
    var sentIDs: Set<ReadingID> {
        var ids: Set<ReadingID> = []
        for case .sent(let sent) in self { ids.formUnion(sent) }
        return ids
    }

    var deadIDs: Set<ReadingID> {
        var ids: Set<ReadingID> = []
        for case .deadLettered(let id, _) in self { ids.insert(id) }
        return ids
    }

    var retryReasons: [String] {
        compactMap { if case .retrying(let reason, _) = $0 { reason } else { nil } }
    }
}

