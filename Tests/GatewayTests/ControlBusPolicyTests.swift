import DBus
import Foundation
import TestSupport
import Testing
@testable import ControlAPI
@testable import Gateway

/// systemd/org.carehub.Gateway.conf under a bus that denies like Debian's system bus: it parses,
/// root may do everything, and an ordinary user (nobody) may only read the status.
@Suite("Control API bus policy", .serialized)
struct ControlBusPolicyTests {
    static let isRoot = getuid() == 0
    static let hasSetpriv = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test("The policy file parses: a system-like bus that includes it starts, one that includes a broken file does not")
    func parses() async throws {
        let bus = try PolicyBus(include: PolicyBus.policyFile)
        defer { bus.stop() }
        #expect(bus.address.hasPrefix("unix:"))

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-broken-\(UUID().uuidString).conf")
        try "<busconfig><policy context=\"default\"><allow own=</busconfig>".write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        #expect(throws: PrivateBusError.self) { _ = try PolicyBus(include: broken) }
    }

    @Test("root may own the name and call every method, and the daemon (root) may call root's pairing client back",
          .enabled(if: isRoot, "the policy grants by user: only root can be both daemon and technician in this test"))
    func rootMayDoEverything() async throws {
        let bus = try PolicyBus(include: PolicyBus.policyFile)
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        let stub = StubControl()
        _ = try await GatewayControlObject.start(serving: stub, on: server)
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        guard let remote = await RemoteGatewayControl.ifRunning(on: client) else {
            Issue.record("the daemon's name has no owner")
            return
        }
        #expect(try await remote.status() == ControlBusFixtures.fullStatus)
        #expect(try await remote.devices() == ControlBusFixtures.devices)
        #expect(try await remote.assign(address: "AA:BB:CC:DD:EE:02", patient: "p", userIndex: 1, technician: "t") == ControlBusFixtures.fullDevice)
        try await remote.forget(address: "AA:BB:CC:DD:EE:02", technician: "t")
        #expect(try await remote.waitForReading(address: "AA:BB:CC:DD:EE:01", timeout: .seconds(5)) == ControlBusFixtures.readings[0])
        let delegate = ScriptedDelegate(passkey: 111_111)
        #expect(try await remote.pair(address: "AA:BB:CC:DD:EE:02", delegate: delegate, technician: "t") == ControlBusFixtures.fullDevice)
        let answers = try await stub.calls.first("pair answers") { if case .pairAnswers = $0 { true } else { false } }
        #expect(answers == .pairAnswers(passkey: 111_111, matches: true))
    }

    @Test("nobody may call GetStatus, Introspect and Ping, and nothing else; nor own the name",
          .enabled(if: isRoot && hasSetpriv, "needs root (to serve as root and drop to nobody) and setpriv (util-linux)"))
    func nobodyMayOnlyReadStatus() async throws {
        let bus = try PolicyBus(include: PolicyBus.policyFile)
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        _ = try await GatewayControlObject.start(serving: StubControl(), on: server)

        let status = try await bus.gdbusAsNobody(method: "\(ControlBus.interface).GetStatus", [])
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("'version': <'0.9.0'>"))
        let introspect = try await bus.gdbusAsNobody(method: "org.freedesktop.DBus.Introspectable.Introspect", [])
        #expect(introspect.status == 0, "\(introspect.error)")
        #expect(introspect.output.contains("org.carehub.Gateway1"))
        let ping = try await bus.gdbusAsNobody(method: "org.freedesktop.DBus.Peer.Ping", [])
        #expect(ping.status == 0, "\(ping.error)")

        for (method, arguments) in [
            ("ListDevices", [String]()),
            ("Assign", ["AA:BB:CC:DD:EE:01", "patient-1", "-1"]),
            ("Forget", ["AA:BB:CC:DD:EE:01"]),
            ("Pair", ["AA:BB:CC:DD:EE:01", "/org/carehub/PairingClient/x"]),
            ("WaitForReading", ["AA:BB:CC:DD:EE:01", "5"]),
        ] {
            let result = try await bus.gdbusAsNobody(method: "\(ControlBus.interface).\(method)", arguments)
            #expect(result.status != 0, "\(method) was allowed")
            #expect(result.error.contains(DBusErrorName.accessDenied), "\(method): \(result.error)")
        }

        let own = try await bus.gdbusAsNobody(dest: DBusBus.name, path: DBusBus.path.rawValue,
                                              method: "org.freedesktop.DBus.RequestName", [ControlBus.busName, "4"])
        #expect(own.status != 0)
        #expect(own.error.contains(DBusErrorName.accessDenied), "\(own.error)")
    }
}

/// A dbus-daemon configured like Debian's system bus (default policy of
/// /usr/share/dbus-1/system.conf: deny owning and method calls, allow replies and signals), which
/// includes one more file. Runs as the test's user, so no <user> switch.
final class PolicyBus: @unchecked Sendable {
    /// systemd/org.carehub.Gateway.conf of this checkout.
    static let policyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("systemd/org.carehub.Gateway.conf")

    private let bus: PrivateBus
    var address: String { bus.address }

    init(include: URL) throws {
        bus = try PrivateBus(configuration: { Self.config(socket: $0, include: include.path) }, openToAllUsers: true)
    }

    func stop() {
        bus.stop()
    }

    /// `gdbus call` as nobody (uid/gid 65534, no supplementary groups).
    func gdbusAsNobody(dest: String = ControlBus.busName, path: String = ControlBus.path.rawValue, method: String,
                       _ arguments: [String]) async throws -> ToolResult {
        try await runTool("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/gdbus", "call",
                                               "--address", address, "--dest", dest, "--object-path", path,
                                               "--method", method, "--"] + arguments,
                          environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8"])
    }

    private static func config(socket: String, include: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <deny own="*"/>
            <deny send_type="method_call"/>
            <allow send_type="signal"/>
            <allow send_requested_reply="true" send_type="method_return"/>
            <allow send_requested_reply="true" send_type="error"/>
            <allow receive_type="method_call"/>
            <allow receive_type="method_return"/>
            <allow receive_type="error"/>
            <allow receive_type="signal"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
            <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus" send_member="UpdateActivationEnvironment"/>
          </policy>
          <include>\(include)</include>
        </busconfig>
        """
    }
}
