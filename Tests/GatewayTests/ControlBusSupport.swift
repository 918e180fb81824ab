import DBus
import Foundation
import Synchronization
import TestSupport
@testable import ControlAPI
@testable import Gateway

/// A transport test double of `GatewayControl`: records every call (with the technician the
/// server passed), answers canned values or a canned error, and drives the pairing delegate through
/// a fixed script. The real implementation (`LocalGatewayControl`) is tested on its own; this one
/// only lets the D-Bus tests see what crossed the bus.
final class StubControl: GatewayControl {
    enum Call: Equatable, Sendable {
        case status, devices
        case pair(address: String, technician: String)
        case assign(address: String, patient: String, userIndex: Int?, technician: String)
        case forget(address: String, technician: String)
        case waitForReading(address: String, timeout: Duration)
        /// What the pairing client answered: the passkey typed and whether the confirmation matched.
        case pairAnswers(passkey: UInt32?, matches: Bool)
        /// The pairing task was cancelled (the client left the bus).
        case pairCancelled
    }

    /// How `pair` uses its delegate.
    enum PairScript: Sendable {
        /// Progress, a passkey question, a passkey to show, a confirmation; then the device.
        case questions
        /// Progress and a passkey question, then wait until the task is cancelled.
        case waitForCancel
    }

    struct Answers: Sendable {
        var status = ControlBusFixtures.fullStatus
        var devices = ControlBusFixtures.devices
        var device = ControlBusFixtures.fullDevice
        var reading = ControlBusFixtures.readings[0]
        var failure: ControlError?
        var pairScript = PairScript.questions
        /// WaitForReading waits for `releaseWait()` before answering.
        var holdWaits = false
    }

    let answers: Mutex<Answers>
    let calls: EventLog<Call>
    private let record: AsyncStream<Call>.Continuation
    private let gate = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let released = Mutex(false)

    init(_ answers: Answers = Answers()) {
        self.answers = Mutex(answers)
        let (stream, continuation) = AsyncStream.makeStream(of: Call.self)
        calls = EventLog(stream)
        record = continuation
    }

    func set(_ change: (inout Answers) -> Void) { answers.withLock { change(&$0) } }

    /// Lets held WaitForReading calls answer.
    func releaseWait() {
        let waiting = gate.withLock { list in
            defer { list = [] }
            return list
        }
        released.withLock { $0 = true }
        for continuation in waiting { continuation.resume() }
    }

    private func answer<T>(_ call: Call, _ value: (Answers) -> T) throws(ControlError) -> T {
        record.yield(call)
        let current = answers.withLock { $0 }
        if let failure = current.failure { throw failure }
        return value(current)
    }

    func status() async throws(ControlError) -> ControlStatus { try answer(.status) { $0.status } }

    func devices() async throws(ControlError) -> [ControlDevice] { try answer(.devices) { $0.devices } }

    func pair(address: String, delegate: any PairingDelegate, technician: String) async throws(ControlError) -> ControlDevice {
        let (device, script) = try answer(.pair(address: address, technician: technician)) { ($0.device, $0.pairScript) }
        let target = PairingDevice(address: address, name: "SIM-Cuff")
        await delegate.progress("Looking for the device…")
        let passkey = await delegate.enterPasskey(for: target)
        switch script {
        case .questions:
            await delegate.showPasskey(123_456, for: target)
            let matches = await delegate.confirmPasskey(654_321, for: target)
            await delegate.progress("Paired.")
            record.yield(.pairAnswers(passkey: passkey, matches: matches))
            return device
        case .waitForCancel:
            record.yield(.pairAnswers(passkey: passkey, matches: false))
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
            await withTaskCancellationHandler {
                for await _ in stream {}
            } onCancel: {
                continuation.finish()
            }
            record.yield(.pairCancelled)
            throw .pairingFailed("cancelled")
        }
    }

    func assign(address: String, patient: String, userIndex: Int?, technician: String) async throws(ControlError) -> ControlDevice {
        try answer(.assign(address: address, patient: patient, userIndex: userIndex, technician: technician)) { $0.device }
    }

    func forget(address: String, technician: String) async throws(ControlError) {
        try answer(.forget(address: address, technician: technician)) { _ in () }
    }

    func waitForReading(address: String, timeout: Duration) async throws(ControlError) -> TestReading {
        let (reading, hold) = try answer(.waitForReading(address: address, timeout: timeout)) { ($0.reading, $0.holdWaits) }
        if hold {
            await withCheckedContinuation { continuation in
                let open = gate.withLock { list -> Bool in
                    if released.withLock({ $0 }) { return true }
                    list.append(continuation)
                    return false
                }
                if open { continuation.resume() }
            }
        }
        return reading
    }
}

/// The technician's side in the tests: answers passkey questions from a script and records what
/// the daemon told it.
final class ScriptedDelegate: PairingDelegate {
    enum Event: Equatable, Sendable {
        case asked(PairingDevice)
        case shown(UInt32, PairingDevice)
        case confirm(UInt32, PairingDevice)
        case progress(String)
    }

    /// The passkey typed; nil cancels. `hang` never answers (until the task is cancelled).
    let passkey: UInt32?
    let hang: Bool
    let matches: Bool
    let events: EventLog<Event>
    private let record: AsyncStream<Event>.Continuation

    init(passkey: UInt32? = 246_810, matches: Bool = true, hang: Bool = false) {
        self.passkey = passkey
        self.matches = matches
        self.hang = hang
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        events = EventLog(stream)
        record = continuation
    }

    func enterPasskey(for device: PairingDevice) async -> UInt32? {
        record.yield(.asked(device))
        if hang {
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
            await withTaskCancellationHandler { for await _ in stream {} } onCancel: { continuation.finish() }
            return nil
        }
        return passkey
    }

    func showPasskey(_ passkey: UInt32, for device: PairingDevice) async { record.yield(.shown(passkey, device)) }

    func confirmPasskey(_ passkey: UInt32, for device: PairingDevice) async -> Bool {
        record.yield(.confirm(passkey, device))
        return matches
    }

    func progress(_ message: String) async { record.yield(.progress(message)) }
}

/// A private bus with a `StubControl` served on it and a client connection.
struct ControlBusFixture {
    let bus: PrivateBus
    let server: DBusConnection
    let object: GatewayControlObject
    let client: DBusConnection
    let stub: StubControl
    var remote: RemoteGatewayControl { RemoteGatewayControl(connection: client) }

    init(_ answers: StubControl.Answers = .init()) async throws {
        bus = try PrivateBus()
        server = try await DBusConnection.connect(address: bus.address)
        stub = StubControl(answers)
        object = try await GatewayControlObject.start(serving: stub, on: server)
        client = try await DBusConnection.connect(address: bus.address)
    }

    func stop() {
        client.close()
        server.close()
        bus.stop()
    }

    /// The name the server records as technician: the test process's user.
    static var technician: String { BusCaller.userName(uid: getuid()) }

    /// `gdbus call` on the fixture's bus against the control object.
    func gdbus(_ method: String, _ arguments: [String]) async throws -> ToolResult {
        try await runTool("/usr/bin/gdbus", ["call", "--address", bus.address, "--dest", ControlBus.busName,
                                            "--object-path", ControlBus.path.rawValue, "--method",
                                            "\(ControlBus.interface).\(method)", "--"] + arguments)
    }

    /// `dbus-send` (no introspection, so it sends whatever types it is told) against the control object.
    func dbusSend(_ method: String, _ arguments: [String]) async throws -> ToolResult {
        try await runTool("/usr/bin/dbus-send", ["--bus=\(bus.address)", "--print-reply", "--dest=\(ControlBus.busName)",
                                                ControlBus.path.rawValue, "\(ControlBus.interface).\(method)"] + arguments)
    }
}
