import TestSupport
import Display
import Foundation
@testable import DeviceSessions
@testable import Readings
@testable import ReadingPath
@testable import GatewayStore
import HealthProfiles
import Logging
import Triage

/// A real SQLite store in a fresh temp directory, a real DisplayHub and the pipeline over both.
final class PipelineFixture: @unchecked Sendable {
    let directory: URL
    let store: HubStore
    let hub: DisplayHub
    let pipeline: ReadingPipeline
    static let cuff = "AA:BB:CC:DD:EE:01"
    static let scale = "AA:BB:CC:DD:EE:02"
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .current
    static let configuration = PipelineConfiguration(language: .swedish, timeZone: stockholm)

    init(
        configuration: PipelineConfiguration = PipelineFixture.configuration, storeLogger: Logger = Logger(label: "test.store")
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try HubStore.open(path: directory.appendingPathComponent("gateway.sqlite").path, logger: storeLogger)
        hub = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        pipeline = ReadingPipeline(store: store, display: hub, configuration: configuration)
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Saves a device and assigns it (or one user slot of it) to a patient.
    func assign(_ address: String, user: Int? = nil, patient: String, kind: DeviceKind = .cuff) throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        try store.saveDevice(StoredDevice(address: address, kind: kind, pairedAt: at, pairedBy: "tech-1"))
        try store.assign(address: address, userIndex: user, patientID: patient, at: at, by: "tech-1")
    }

    /// An event carrying a payload fixture (fixtures/payloads/*.json) by id.
    static func event(
        fixture id: String, address: String = cuff, receivedAt: Date, connection: UInt64 = 1
    ) throws -> MeasurementEvent {
        let entry = try PayloadFixtures.shared.entry(id)
        return MeasurementEvent(
            deviceAddress: address, characteristic: entry.characteristic, payload: entry.bytes, receivedAt: receivedAt,
            connectionID: connection, device: DeviceIdentity(model: "test"))
    }

    /// An event carrying `bytes` on `characteristic`.
    static func event(
        _ characteristic: Characteristic, _ bytes: [UInt8], address: String, receivedAt: Date, connection: UInt64 = 1
    ) -> MeasurementEvent {
        MeasurementEvent(
            deviceAddress: address, characteristic: characteristic, payload: bytes, receivedAt: receivedAt,
            connectionID: connection, device: DeviceIdentity(model: "test"))
    }

    /// A local wall time in Stockholm.
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = stockholm
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
            ?? Date(timeIntervalSince1970: 0)
    }
}

/// The payload fixtures of fixtures/payloads, by id.
struct PayloadFixtures: Sendable {
    struct Entry: Sendable {
        var characteristic: Characteristic
        var bytes: [UInt8]
    }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/payloads")
    static let shared = PayloadFixtures()

    let entries: [String: Entry]

    init() {
        var entries: [String: Entry] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? []
        for file in files where file.hasSuffix(".json") {
            guard let data = try? Data(contentsOf: Self.directory.appendingPathComponent(file)),
                let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
            else { continue }
            for object in array {
                guard let id = object["id"] as? String, let uuid = object["characteristic"] as? String,
                    let hex = object["hex"] as? String, let characteristic = Characteristic(parsing: uuid),
                    let bytes = Self.bytes(hex)
                else { continue }
                entries[id] = Entry(characteristic: characteristic, bytes: bytes)
            }
        }
        self.entries = entries
    }

    func entry(_ id: String) throws -> Entry {
        guard let entry = entries[id] else { throw FixtureError.missing(id) }
        return entry
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
            index += 2
        }
        return result
    }

    enum FixtureError: Error {
        case missing(String)
    }
}
