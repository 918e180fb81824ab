import DBus
import Foundation
import TestSupport
import Testing
@testable import ControlAPI

/// Whatever a caller sends, the daemon answers `org.carehub.Gateway1.Error.InvalidArgument` in
/// plain words and keeps serving; the control never sees a bad call.
@Suite("Control API: bad arguments")
struct ControlBusArgumentTests {
    static let invalid = "org.carehub.Gateway1.Error.InvalidArgument"

    /// Calls with wrong types or too few arguments (dbus-send sends whatever types it is told).
    @Test("Wrong types and missing arguments are InvalidArgument, naming the expected signature", arguments: [
        ("Assign", ["string:AA:BB:CC:DD:EE:01", "string:patient-1", "string:2"], "expected 'ssi', got 'sss'"),
        ("Assign", ["string:AA:BB:CC:DD:EE:01"], "expected 'ssi', got 's'"),
        ("Forget", ["int32:7"], "expected 's', got 'i'"),
        ("WaitForReading", ["string:AA:BB:CC:DD:EE:01", "int32:30"], "expected 'su', got 'si'"),
        ("Pair", ["string:AA:BB:CC:DD:EE:01", "string:/not/a/path/type"], "expected 'so', got 'ss'"),
        ("GetStatus", ["string:extra"], "expected '', got 's'"),
    ])
    func wrongTypes(method: String, arguments: [String], expected: String) async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let result = try await fixture.dbusSend(method, arguments)
        #expect(result.status != 0)
        #expect(result.error.contains(Self.invalid), "\(result.error)")
        #expect(result.error.contains(expected), "\(result.error)")
        #expect(try await fixture.remote.status() == ControlBusFixtures.fullStatus)
    }

    /// Calls of the right types with values out of range, sent by gdbus (GLib's client).
    @Test("Bad values are InvalidArgument in plain words", arguments: [
        ("Assign", ["AA:BB:CC:DD:EE:01", "patient-1", "-2"], "User index -2 is out of range"),
        ("Assign", ["AA:BB:CC:DD:EE:01", "patient-1", "255"], "User index 255 is out of range"),
        ("Assign", ["AA:BB:CC:DD:EE:01", " ", "-1"], "The patient identifier is empty."),
        ("Assign", ["AA:BB:CC:DD:EE", "patient-1", "0"], "'AA:BB:CC:DD:EE' is not a Bluetooth address"),
        ("Forget", ["ZZ:BB:CC:DD:EE:01"], "'ZZ:BB:CC:DD:EE:01' is not a Bluetooth address"),
        ("Forget", [""], "'' is not a Bluetooth address"),
        ("WaitForReading", ["AA:BB:CC:DD:EE:01", "0"], "A timeout of 0 s is out of range"),
        ("WaitForReading", ["AA:BB:CC:DD:EE:01", "601"], "A timeout of 601 s is out of range"),
        ("Pair", ["AA-BB-CC-DD-EE-01", "/org/carehub/PairingClient/x"], "is not a Bluetooth address"),
    ])
    func badValues(method: String, arguments: [String], expected: String) async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        let result = try await fixture.gdbus(method, arguments)
        #expect(result.status != 0)
        #expect(result.error.contains(Self.invalid), "\(result.error)")
        #expect(result.error.contains(expected), "\(result.error)")
        // The control saw none of it, and the daemon still answers.
        #expect(try await fixture.remote.status() == ControlBusFixtures.fullStatus)
        #expect(try await fixture.stub.calls.first("first call") { _ in true } == .status)
    }

    @Test("The client refuses a user index or timeout it cannot send, before calling")
    func clientSideChecks() async throws {
        let fixture = try await ControlBusFixture()
        defer { fixture.stop() }
        await #expect(throws: ControlError.self) {
            try await fixture.remote.assign(address: "AA:BB:CC:DD:EE:01", patient: "p", userIndex: -3, technician: "t")
        }
        await #expect(throws: ControlError.self) {
            try await fixture.remote.waitForReading(address: "AA:BB:CC:DD:EE:01", timeout: .seconds(601))
        }
        // And the daemon's own check, reached through the client.
        do {
            _ = try await fixture.remote.assign(address: "AA:BB:CC:DD:EE:01", patient: "p", userIndex: 300, technician: "t")
            Issue.record("user index 300 was accepted")
        } catch {
            guard case let .invalidArgument(why) = error else { throw error }
            #expect(why.hasPrefix("User index 300 is out of range"))
        }
    }

    @Test("ISO 8601 times: written in UTC with milliseconds, read back exactly; malformed text is refused")
    func times() {
        #expect(ControlTime.text(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ControlTime.text(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(ControlTime.text(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
        for text in ["2026-11-23T07:12:00.000Z", "2000-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999Z"] {
            #expect(ControlTime.date(text).map(ControlTime.text) == text)
        }
        #expect(ControlTime.date("2026-11-23T07:12:00Z") == ControlTime.date("2026-11-23T07:12:00.000Z"))
        #expect(ControlTime.date("2026-11-23T07:12:00.5Z") == ControlTime.date("2026-11-23T07:12:00.500Z"))
        for bad in ["", "2026-11-23", "2026-11-23T07:12:00.000", "2026-02-30T00:00:00.000Z", "2026-11-23T24:00:00.000Z",
                    "2026-11-23T07:12:00.000+01:00", "2026-11-23T07:12:00.Z", "２026-11-23T07:12:00.000Z"] {
            #expect(ControlTime.date(bad) == nil, "\(bad)")
        }
        #expect(ControlTime.text(Date(timeIntervalSince1970: .infinity)) == "1970-01-01T00:00:00.000Z")
    }
}
