import TestSupport
import BlueZSim
import Foundation

/// Package root, found from this file's location.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let basicPayloads = PayloadLibrary(entries: [
    .init(id: "bp-1", characteristic: BluetoothUUID(short: 0x2A35), bytes: [0x06, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00], file: "test"),
    .init(id: "bp-2", characteristic: BluetoothUUID(short: 0x2A35), bytes: [0x06, 0x87, 0x00, 0x55, 0x00, 0x66, 0x00], file: "test"),
    .init(id: "w-1", characteristic: BluetoothUUID(short: 0x2A9D), bytes: [0x02, 0x74, 0x40], file: "test"),
])

func loadScenario(_ json: String, payloads: PayloadLibrary = basicPayloads) throws -> LoadedScenario {
    try ScenarioLoader.load(data: Data(json.utf8), file: "test.json", payloads: payloads)
}

let cuff = BluetoothAddress("AA:BB:CC:DD:EE:01")!
let scale = BluetoothAddress("AA:BB:CC:DD:EE:02")!
let cuffPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01"
let scalePath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_02"
let bpmPath = cuffPath + "/service000c/char000d"

/// Drives a simulation from tests: calls return their reply, every effect is kept in `log`.
final class Harness {
    let sim: BlueZSimulation
    var log: [SimEffect] = []

    convenience init(_ json: String) throws {
        self.init(try loadScenario(json))
    }

    init(_ loaded: LoadedScenario) {
        sim = BlueZSimulation(loaded)
        sim.start()
        collect()
    }

    func collect() { log.append(contentsOf: sim.drainEffects()) }

    /// Calls and returns the reply if it is available after `wait` of scenario time (nil if still pending).
    @discardableResult
    func call(_ request: SimRequest, _ path: String, sender: String = ":1.10", wait: Duration = .zero) -> SimResult? {
        let id = sim.handle(request, path: path, sender: sender)
        collect()
        if wait > .zero { advance(wait) }
        return reply(id)
    }

    func reply(_ id: CallID) -> SimResult? {
        for effect in log { if case .reply(id, let result) = effect { return result } }
        return nil
    }

    func advance(_ duration: Duration) {
        sim.advance(by: duration)
        collect()
    }

    /// Effects logged since `mark` (an index into `log`).
    func since(_ mark: Int) -> [SimEffect] { Array(log[mark...]) }

    var agentCalls: [AgentCall] {
        log.compactMap { if case .agentCall(let call) = $0 { call } else { nil } }
    }

    func values(at path: String) -> [[UInt8]] {
        log.compactMap {
            if case .propertiesChanged(path, BlueZInterface.characteristic, let changed, _) = $0 { changed["Value"]?.bytesValue } else { nil }
        }
    }
}

func error(_ result: SimResult?) -> SimError? {
    if case .failure(let error) = result { error } else { nil }
}

func succeeded(_ result: SimResult?) -> Bool {
    if case .success = result { true } else { false }
}

let twoDevices = """
{"peripherals": [
  {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "name": "Cuff", "pairing": {"method": "passkey", "passkey": 123456},
   "readings": [{"fixture": "bp-1"}, {"fixture": "bp-2"}, {"fixture": "bp-1"}]},
  {"address": "AA:BB:CC:DD:EE:02", "model": "scale", "pairing": {"method": "just-works"}, "readings": [{"fixture": "w-1"}]}
]}
"""
