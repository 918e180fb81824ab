import Foundation

/// A reading resolved to bytes and the characteristic it is indicated on.
public struct ResolvedReading: Sendable, Equatable {
    public let characteristic: BluetoothUUID
    public let bytes: [UInt8]
    /// Fixture id, or nil for inline hex.
    public let fixture: String?

    public init(characteristic: BluetoothUUID, bytes: [UInt8], fixture: String?) {
        self.characteristic = characteristic
        self.bytes = bytes
        self.fixture = fixture
    }
}

/// A validated scenario with every fixture reference resolved.
public struct LoadedScenario: Sendable, Equatable {
    public let scenario: Scenario
    /// Stored readings per peripheral, in scenario order.
    public let readings: [BluetoothAddress: [ResolvedReading]]
    /// Payload of the load run, if any.
    public let loadPayload: ResolvedReading?
    public let payloads: PayloadLibrary
}

/// Reads and validates scenario files.
public enum ScenarioLoader {
    /// Decodes and validates `file`; fixture ids are looked up in `payloads`.
    public static func load(file: String, payloads: PayloadLibrary) throws(ScenarioError) -> LoadedScenario {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioError(file: file, path: "(root)", message: "cannot read file")
        }
        return try load(data: data, file: file, payloads: payloads)
    }

    /// Decodes and validates scenario JSON; `file` names it in errors.
    public static func load(data: Data, file: String, payloads: PayloadLibrary) throws(ScenarioError) -> LoadedScenario {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch {
            throw ScenarioError.from(error, file: file)
        }
        return try validate(scenario, file: file, payloads: payloads)
    }

    /// Cross-reference checks Codable cannot do: unique names, known adapters, devices and fixtures.
    public static func validate(_ scenario: Scenario, file: String, payloads: PayloadLibrary) throws(ScenarioError) -> LoadedScenario {
        func fail(_ path: String, _ message: String) -> ScenarioError { ScenarioError(file: file, path: path, message: message) }

        guard !scenario.adapters.isEmpty else { throw fail("adapters", "at least one adapter is needed") }
        var adapterNames = Set<String>()
        for (index, adapter) in scenario.adapters.enumerated() where !adapterNames.insert(adapter.name).inserted {
            throw fail("adapters[\(index)].name", "duplicate adapter '\(adapter.name)'")
        }
        var addresses = Set<BluetoothAddress>()
        var readings: [BluetoothAddress: [ResolvedReading]] = [:]
        for (index, peripheral) in scenario.peripherals.enumerated() {
            let base = "peripherals[\(index)]"
            guard addresses.insert(peripheral.address).inserted else {
                throw fail("\(base).address", "duplicate peripheral address \(peripheral.address)")
            }
            guard adapterNames.contains(peripheral.adapter) else {
                throw fail("\(base).adapter", "unknown adapter '\(peripheral.adapter)' (declared: \(adapterNames.sorted().joined(separator: ", ")))")
            }
            let layout = GattLayout.model(peripheral.model)
            var resolved: [ResolvedReading] = []
            for (readingIndex, reading) in peripheral.readings.enumerated() {
                let path = "\(base).readings[\(readingIndex)]"
                let value = try resolve(reading, path: path, model: peripheral.model, layout: layout, payloads: payloads, fail: fail)
                resolved.append(value)
            }
            readings[peripheral.address] = resolved
        }
        for (index, fault) in scenario.faults.enumerated() {
            if let device = fault.device, !addresses.contains(device) {
                throw fail("faults[\(index)].device", "unknown peripheral \(device)")
            }
            if let adapter = fault.adapter, !adapterNames.contains(adapter) {
                throw fail("faults[\(index)].adapter", "unknown adapter '\(adapter)'")
            }
        }
        var loadPayload: ResolvedReading?
        if let load = scenario.load {
            guard let peripheral = scenario.peripherals.first(where: { $0.address == load.device }) else {
                throw fail("load.device", "unknown peripheral \(load.device)")
            }
            if let reading = load.reading {
                loadPayload = try resolve(reading, path: "load.reading", model: peripheral.model,
                                          layout: GattLayout.model(peripheral.model), payloads: payloads, fail: fail)
            } else {
                guard let first = readings[load.device]?.first else {
                    throw fail("load.reading", "missing: the load device has no readings to repeat")
                }
                loadPayload = first
            }
        }
        return LoadedScenario(scenario: scenario, readings: readings, loadPayload: loadPayload, payloads: payloads)
    }

    static func resolve(_ reading: ReadingSpec, path: String, model: PeripheralSpec.Model, layout: GattLayout,
                        payloads: PayloadLibrary, fail: (String, String) -> ScenarioError) throws(ScenarioError) -> ResolvedReading {
        var characteristic = reading.characteristic
        let bytes: [UInt8]
        if let id = reading.fixture {
            guard let entry = payloads[id] else {
                throw fail("\(path).fixture", "unknown fixture id '\(id)' (not in fixtures/payloads)")
            }
            if let declared = characteristic, declared != entry.characteristic {
                throw fail("\(path).characteristic", "fixture '\(id)' is for \(entry.characteristic), not \(declared)")
            }
            characteristic = entry.characteristic
            bytes = entry.bytes
        } else {
            bytes = reading.hex ?? []
        }
        let uuid = characteristic ?? BluetoothUUID(short: model.measurementCharacteristic)
        guard let node = layout.characteristic(uuid: uuid), node.canNotify else {
            throw fail(path, "characteristic \(uuid) is not a notify/indicate characteristic of a \(model.rawValue)")
        }
        return ResolvedReading(characteristic: uuid, bytes: bytes, fixture: reading.fixture)
    }
}
