import TestSupport
import BlueZSim
import Foundation
import Testing

@Suite("Scenario files")
struct ScenarioParsingTests {
    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let json: String
        let path: String
        let message: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "unknown key", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "colour": "red"}]}"#,
                path: "peripherals[0].colour", message: "unknown key 'colour'"),
        BadCase(name: "unknown top-level key", json: #"{"peripheral": []}"#, path: "peripheral", message: "unknown key"),
        BadCase(name: "bad address", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE", "model": "cuff"}]}"#,
                path: "peripherals[0].address", message: "not a Bluetooth address"),
        BadCase(name: "bad UUID", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertisedServices": ["18x0"]}]}"#,
                path: "peripherals[0].advertisedServices", message: "not a UUID"),
        BadCase(name: "unknown fixture", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "readings": [{"fixture": "nope"}]}]}"#,
                path: "peripherals[0].readings[0].fixture", message: "unknown fixture id 'nope'"),
        BadCase(name: "negative delay", json: #"{"settings": {"connectDelayMs": -5}}"#,
                path: "settings.connectDelayMs", message: "must be >= 0"),
        BadCase(name: "negative window", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertising": [{"startMs": -1}]}]}"#,
                path: "peripherals[0].advertising[0].startMs", message: "must be >= 0"),
        BadCase(name: "bad hex", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "readings": [{"hex": "abc"}]}]}"#,
                path: "peripherals[0].readings[0].hex", message: "hex"),
        BadCase(name: "missing model", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01"}]}"#,
                path: "peripherals[0].model", message: "missing required key 'model'"),
        BadCase(name: "unknown model", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "thermometer"}]}"#,
                path: "peripherals[0].model", message: "not one of: cuff, scale"),
        BadCase(name: "unknown pairing method", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "pairing": {"method": "pin"}}]}"#,
                path: "peripherals[0].pairing.method", message: "not one of"),
        BadCase(name: "passkey out of range", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "pairing": {"passkey": 1000000}}]}"#,
                path: "peripherals[0].pairing.passkey", message: "0...999999"),
        BadCase(name: "unknown fault", json: #"{"faults": [{"fault": "meteor"}]}"#, path: "faults[0].fault", message: "unknown fault 'meteor'"),
        BadCase(name: "fault for unknown device", json: #"{"faults": [{"fault": "bond-lost", "device": "AA:BB:CC:DD:EE:09"}]}"#,
                path: "faults[0].device", message: "unknown peripheral"),
        BadCase(name: "fault missing device", json: #"{"faults": [{"fault": "connect-abort-by-local"}]}"#,
                path: "faults[0].fault", message: "needs 'device'"),
        BadCase(name: "duplicate address", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}, {"address": "aa:bb:cc:dd:ee:01", "model": "scale"}]}"#,
                path: "peripherals[1].address", message: "duplicate peripheral"),
        BadCase(name: "unknown adapter", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "adapter": "hci7"}]}"#,
                path: "peripherals[0].adapter", message: "unknown adapter 'hci7'"),
        BadCase(name: "reading on a read-only characteristic", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "readings": [{"hex": "00", "characteristic": "2A49"}]}]}"#,
                path: "peripherals[0].readings[0]", message: "not a notify/indicate characteristic"),
        BadCase(name: "fixture for the wrong model", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "scale", "readings": [{"fixture": "bp-1"}]}]}"#,
                path: "peripherals[0].readings[0]", message: "not a notify/indicate characteristic of a scale"),
        BadCase(name: "wrong type", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "rssi": "loud"}]}"#,
                path: "peripherals[0].rssi", message: "expected"),
        BadCase(name: "load without readings", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}], "load": {"device": "AA:BB:CC:DD:EE:01", "count": 3, "rateHz": 10}}"#,
                path: "load.reading", message: "no readings"),
        BadCase(name: "not JSON", json: "{", path: "(root)", message: "invalid JSON"),
        BadCase(name: "identity address on a public device", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "identityAddress": "C0:11:22:33:44:55"}]}"#,
                path: "peripherals[0].identityAddress", message: "needs \"addressType\": \"random\""),
        BadCase(name: "identity type without identity", json: #"{"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "addressType": "random", "identityAddressType": "public"}]}"#,
                path: "peripherals[0].identityAddressType", message: "needs identityAddress"),
        BadCase(name: "firmware update without device", json: #"{"faults": [{"fault": "firmware-update"}]}"#,
                path: "faults[0].fault", message: "needs 'device'"),
        BadCase(name: "coalesce not a bool", json: #"{"settings": {"coalesceProperties": "yes"}}"#,
                path: "settings.coalesceProperties", message: "expected"),
    ]

    @Test("bad scenario files are rejected with file, JSON path and reason", arguments: badCases)
    func rejectsBadScenario(_ bad: BadCase) {
        #expect {
            try ScenarioLoader.load(data: Data(bad.json.utf8), file: "bad.json", payloads: basicPayloads)
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.file == "bad.json" && error.path == bad.path && error.message.contains(bad.message)
        }
    }

    @Test("the shipped scenarios load against the shipped payload fixtures")
    func shippedScenariosLoad() throws {
        let payloads = try PayloadLibrary.load(directory: packageRoot + "/fixtures/payloads")
        #expect(payloads["sim-bp-1"]?.bytes.count == 16)
        for name in ["cuff-and-scale", "neighbour-scale", "faults", "load"] {
            let loaded = try ScenarioLoader.load(file: packageRoot + "/fixtures/scenarios/\(name).json", payloads: payloads)
            #expect(!loaded.scenario.peripherals.isEmpty, "\(name)")
        }
        let main = try ScenarioLoader.load(file: packageRoot + "/fixtures/scenarios/cuff-and-scale.json", payloads: payloads)
        #expect(main.readings[cuff]?.count == 3)
        #expect(main.readings[scale]?.count == 2)
        #expect(main.scenario.peripherals[0].pairing.method == .passkey)
    }

    @Test("inline hex, UUID forms and company ids are accepted")
    func acceptsForms() throws {
        let loaded = try loadScenario("""
        {"peripherals": [{"address": "aa:bb:cc:dd:ee:01", "model": "cuff", "manufacturerData": {"526": "0102", "0x0059": ""},
          "advertisedServices": ["1810", "0x180F", "0000181d-0000-1000-8000-00805F9B34FB"],
          "readings": [{"hex": "06 78 00 50 00 5d 00"}, {"hex": "00ff", "characteristic": "0x2A36"}]}]}
        """)
        let peripheral = try #require(loaded.scenario.peripherals.first)
        #expect(peripheral.address.description == "AA:BB:CC:DD:EE:01")
        #expect(peripheral.manufacturerData == [0x020E: [1, 2], 0x0059: []])
        #expect(peripheral.advertisedServices.map(\.string) == [
            "00001810-0000-1000-8000-00805f9b34fb", "0000180f-0000-1000-8000-00805f9b34fb", "0000181d-0000-1000-8000-00805f9b34fb",
        ])
        #expect(loaded.readings[cuff]?.map(\.characteristic.short) == [0x2A35, 0x2A36])
    }

    @Test("a payload file with a bad entry names the file and entry")
    func badPayloadFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bluez-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.json")
        try Data(#"[{"id": "a", "characteristic": "2A35", "hex": "00"}, {"id": "b", "characteristic": "2A35", "hex": "zz"}]"#.utf8).write(to: file)
        #expect {
            try PayloadLibrary.load(directory: directory.path)
        } throws: { error in
            (error as? ScenarioError)?.path == "[1].hex" && (error as? ScenarioError)?.file == file.path
        }
    }
}
