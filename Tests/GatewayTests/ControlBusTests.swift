import DBus
import Foundation
import TestSupport
import Testing
@testable import ControlAPI
@testable import Gateway

/// `RemoteGatewayControl` → private dbus-daemon → `GatewayControlObject` → a recording
/// `GatewayControl`: every method, every value field, every error, and the pairing callbacks.
@Suite("Control API over D-Bus")
struct ControlBusTests {
    @Test("GetStatus round-trips every field, and leaves unknown ones out", arguments: [
        ControlBusFixtures.fullStatus, ControlBusFixtures.emptyStatus,
    ])
    func status(_ expected: ControlStatus) async throws {
        let fixture = try await ControlBusFixture(.init(status: expected))
        defer { fixture.stop() }
        #expect(try await fixture.remote.status() == expected)
        #expect(try await fixture.stub.calls.first("status") { _ in true } == .status)
    }

    @Test("ListDevices round-trips every field: absent optionals, several assignments, times to the ms")
    func devices() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let devices = try await fixture.remote.devices()
        #expect(devices == ControlBusFixtures.devices)
        #expect(devices.first?.assignments.map(\.userIndex) == [1, 0])
        #expect(devices.first?.pairedAt.timeIntervalSince1970 == 1_795_000_000.123)

        fixture.stub.set { $0.devices = [] }
        #expect(try await fixture.remote.devices() == [])
    }

    @Test("The wire form is the documented one: a{sv} keys, absent unknowns, ISO 8601 UTC times")
    func wireForm() async throws {
        let fixture = try await ControlBusFixture(.init(status: ControlBusFixtures.emptyStatus))
        defer { fixture.stop() }
        let status = try await fixture.gdbus("GetStatus", [])
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("'bluez_running': <false>"))
        #expect(status.output.contains("'paired_devices': <uint32 0>"))
        #expect(!status.output.contains("adapter") && !status.output.contains("last_reading_at"))

        let devices = try await fixture.gdbus("ListDevices", [])
        #expect(devices.output.contains("'paired_at': <'2026-11-18T11:06:40.123Z'>"), "\(devices.output)")
        #expect(devices.output.contains("'user_index': <1>"))
        #expect(devices.output.contains("'battery': <87>"))
        #expect(devices.output.contains("{'address': <'AA:BB:CC:DD:EE:03'>, 'kind': <'other'>, 'paired_at'"))
    }

    @Test("Assign sends address, patient and user slot (-1: none) and records the caller's Unix user")
    func assign() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let technician = ControlBusFixture.technician
        #expect(try await fixture.remote.assign(address: "aa:bb:cc:dd:ee:02", patient: "patient-1", userIndex: 1,
                                                technician: "ignored") == ControlBusFixtures.fullDevice)
        #expect(try await fixture.stub.calls.first("assign") { _ in true }
            == .assign(address: "AA:BB:CC:DD:EE:02", patient: "patient-1", userIndex: 1, technician: technician))

        fixture.stub.set { $0.device = ControlBusFixtures.singleUserDevice }
        #expect(try await fixture.remote.assign(address: "AA:BB:CC:DD:EE:01", patient: "patient-1", userIndex: nil,
                                                technician: "ignored") == ControlBusFixtures.singleUserDevice)
        #expect(try await fixture.stub.calls.first("assign") { _ in true }
            == .assign(address: "AA:BB:CC:DD:EE:01", patient: "patient-1", userIndex: nil, technician: technician))
    }

    @Test("Forget sends the address and records the caller's Unix user")
    func forget() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        try await fixture.remote.forget(address: "AA:BB:CC:DD:EE:01", technician: "ignored")
        #expect(try await fixture.stub.calls.first("forget") { _ in true }
            == .forget(address: "AA:BB:CC:DD:EE:01", technician: ControlBusFixture.technician))
    }

    @Test("WaitForReading round-trips every outcome and optional field", arguments: ControlBusFixtures.readings)
    func waitForReading(_ reading: TestReading) async throws {
        let fixture = try await ControlBusFixture(.init(reading: reading))
        defer { fixture.stop() }
        #expect(try await fixture.remote.waitForReading(address: reading.address, timeout: .seconds(30)) == reading)
        #expect(try await fixture.stub.calls.first("wait") { _ in true }
            == .waitForReading(address: reading.address, timeout: .seconds(30)))
    }

    @Test("A WaitForReading in progress does not hold up other calls")
    func longCallsDoNotBlock() async throws {
        let fixture = try await ControlBusFixture(.init(holdWaits: true))
        defer { fixture.stop() }
        let remote = fixture.remote
        let waiting = Task { try await remote.waitForReading(address: "AA:BB:CC:DD:EE:01", timeout: .seconds(600)) }
        _ = try await fixture.stub.calls.first("wait started") { if case .waitForReading = $0 { true } else { false } }
        #expect(try await withTimeout(10, "status while waiting") { try await remote.status() } == ControlBusFixtures.fullStatus)
        #expect(try await withTimeout(10, "devices while waiting") { try await remote.devices() }.count == 3)
        fixture.stub.releaseWait()
        #expect(try await withTimeout(10, "the held reading") { try await waiting.value } == ControlBusFixtures.readings[0])
    }

    @Test("Every ControlError comes back as the same case with the same words", arguments: ControlBusFixtures.errors)
    func errors(_ error: ControlError) async throws {
        let fixture = try await ControlBusFixture(.init(failure: error))
        defer { fixture.stop() }
        await #expect(throws: error) { try await fixture.remote.forget(address: "AA:BB:CC:DD:EE:09", technician: "t") }
        await #expect(throws: error) { try await fixture.remote.waitForReading(address: "AA:BB:CC:DD:EE:09", timeout: .seconds(5)) }
        if case .notPaired = error { return }
        await #expect(throws: error) { try await fixture.remote.status() }
        await #expect(throws: error) { try await fixture.remote.devices() }
    }

    @Test("The error reply carries the ControlError's name and plain words")
    func errorOnTheWire() async throws {
        let fixture = try await ControlBusFixture(.init(failure: .notPaired(address: "AA:BB:CC:DD:EE:09")))
        defer { fixture.stop() }
        let result = try await fixture.gdbus("Forget", ["AA:BB:CC:DD:EE:09"])
        #expect(result.status != 0)
        #expect(result.error.contains("org.carehub.Gateway1.Error.NotPaired"), "\(result.error)")
        #expect(result.error.contains("Device AA:BB:CC:DD:EE:09 is not paired with this hub. Pair it first: carehub pair AA:BB:CC:DD:EE:09"))
    }

    @Test("Pair: the daemon asks the caller's pairing client for the passkey and confirmation and sends progress")
    func pair() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let delegate = ScriptedDelegate(passkey: 246_810, matches: true)
        let device = try await fixture.remote.pair(address: "AA:BB:CC:DD:EE:02", delegate: delegate, technician: "ignored")
        #expect(device == ControlBusFixtures.fullDevice)
        #expect(try await fixture.stub.calls.first("pair") { _ in true }
            == .pair(address: "AA:BB:CC:DD:EE:02", technician: ControlBusFixture.technician))
        #expect(try await fixture.stub.calls.first("answers") { _ in true } == .pairAnswers(passkey: 246_810, matches: true))
        // RequestPasskey carries the device's name; DisplayPasskey and RequestConfirmation only its address.
        let named = PairingDevice(address: "AA:BB:CC:DD:EE:02", name: "SIM-Cuff")
        let unnamed = PairingDevice(address: "AA:BB:CC:DD:EE:02", name: nil)
        for expected: ScriptedDelegate.Event in [.progress("Looking for the device…"), .asked(named), .shown(123_456, unnamed),
                                                 .confirm(654_321, unnamed), .progress("Paired.")] {
            #expect(try await delegate.events.first("\(expected)") { _ in true } == expected)
        }
        // The pairing client lived for the call only: nothing is exported under its root any more.
        await #expect(throws: DBusError.self) {
            try await fixture.server.call(destination: fixture.client.uniqueName, path: ControlBus.pairingClientRoot,
                                          interface: DBusBus.introspectableInterface, method: "Introspect")
        }
    }

    @Test("Pair: a cancelled passkey and a mismatched confirmation reach the control as nil and false")
    func pairCancelled() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let delegate = ScriptedDelegate(passkey: nil, matches: false)
        _ = try await fixture.remote.pair(address: "AA:BB:CC:DD:EE:02", delegate: delegate, technician: "ignored")
        _ = try await fixture.stub.calls.first("pair") { _ in true }
        #expect(try await fixture.stub.calls.first("answers") { _ in true } == .pairAnswers(passkey: nil, matches: false))
    }

    @Test("Pair: when the client leaves the bus mid-question, the daemon cancels the pairing")
    func clientVanishes() async throws {
        let fixture = try await ControlBusFixture(.init(pairScript: .waitForCancel))
        defer { fixture.stop() }
        let leaving = try await DBusConnection.connect(address: fixture.bus.address)
        let delegate = ScriptedDelegate(hang: true)
        let pairing = Task {
            try await RemoteGatewayControl(connection: leaving).pair(address: "AA:BB:CC:DD:EE:02", delegate: delegate, technician: "t")
        }
        _ = try await delegate.events.first("passkey question") { if case .asked = $0 { true } else { false } }
        leaving.close()
        #expect(try await fixture.stub.calls.first("cancelled", within: 10) { $0 == .pairCancelled } == .pairCancelled)
        await #expect(throws: ControlError.self) { try await withTimeout(10, "pair to fail") { try await pairing.value } }
        // The daemon is still serving.
        #expect(try await fixture.remote.status() == ControlBusFixtures.fullStatus)
    }

    @Test("Only the daemon may call a pairing client")
    func pairingClientRefusesStrangers() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let client = PairingClientObject(delegate: ScriptedDelegate(), daemon: fixture.server.uniqueName)
        try fixture.client.export(client.object())
        let stranger = try await DBusConnection.connect(address: fixture.bus.address)
        defer { stranger.close() }
        await #expect(throws: DBusError.remote(name: DBusErrorName.accessDenied, message: "only the CareHub daemon may call the pairing client")) {
            try await stranger.call(destination: fixture.client.uniqueName, path: client.path, interface: ControlBus.pairingClientInterface,
                                    method: "RequestPasskey", arguments: [.string("AA:BB:CC:DD:EE:01"), .string("")])
        }
    }

    @Test("A second server cannot claim the name: another carehubd is running")
    func nameAlreadyOwned() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let second = try await DBusConnection.connect(address: fixture.bus.address)
        defer { second.close() }
        do {
            _ = try await GatewayControlObject.start(serving: StubControl(), on: second)
            Issue.record("the second server claimed the name")
        } catch {
            guard case let .busy(why) = error else { throw error }
            #expect(why.contains("Another carehubd is running"))
            #expect(why.contains(fixture.server.uniqueName))
        }
        #expect(second.exportedObject(at: ControlBus.path) == nil)
        // Once the first one stops, the second can take over.
        await fixture.object.stop()
        let takeover = try await GatewayControlObject.start(serving: StubControl(.init(status: ControlBusFixtures.emptyStatus)), on: second)
        #expect(try await fixture.remote.status() == ControlBusFixtures.emptyStatus)
        await takeover.stop()
    }

    @Test("ifRunning: nil without a daemon, a client with one; calls without a daemon are daemonUnavailable")
    func ifRunning() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        #expect(await RemoteGatewayControl.ifRunning(on: client) == nil)
        do {
            _ = try await RemoteGatewayControl(connection: client).status()
            Issue.record("status without a daemon answered")
        } catch {
            guard case .daemonUnavailable = error else { throw error }
        }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        let object = try await GatewayControlObject.start(serving: StubControl(), on: server)
        #expect(try await RemoteGatewayControl.ifRunning(on: client)?.status() == ControlBusFixtures.fullStatus)
        await object.stop()
        #expect(await RemoteGatewayControl.ifRunning(on: client) == nil)
    }

    @Test("Bus errors map to ControlError: AccessDenied, ServiceUnknown, NoReply, timeouts, disconnects")
    func busErrorMapping() {
        func map(_ error: DBusError) -> ControlError { RemoteGatewayControl.controlError(error, method: "Forget", address: "AA:BB:CC:DD:EE:01") }
        #expect(map(.remote(name: DBusErrorName.accessDenied, message: "Rejected send message")).dbusName == "AccessDenied")
        #expect(map(.remote(name: DBusErrorName.serviceUnknown, message: "")).dbusName == "DaemonUnavailable")
        #expect(map(.remote(name: DBusErrorName.noReply, message: "")).dbusName == "DaemonUnavailable")
        #expect(map(.timeout(method: "Forget", after: .seconds(10))).dbusName == "DaemonUnavailable")
        #expect(map(.disconnected).dbusName == "DaemonUnavailable")
        #expect(map(.remote(name: "org.carehub.Gateway1.Error.NotPaired", message: "whatever")) == .notPaired(address: "AA:BB:CC:DD:EE:01"))
        #expect(map(.remote(name: "org.carehub.Gateway1.Error.Unheard", message: "new")).dbusName == "Failed")
    }
}
