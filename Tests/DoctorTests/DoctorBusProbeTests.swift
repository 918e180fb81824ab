import BlueZ
import DBus
import Foundation
import TestSupport
import Testing
@testable import Doctor

#if canImport(Glibc)
import Glibc
#endif

/// The D-Bus probes against a real private dbus-daemon: empty, with bluez-sim, with stand-ins for
/// a bluetoothd that denies access and a carehubd that answers GetStatus.
@Suite("carehub doctor: bus probes", .serialized)
struct DoctorBusProbeTests {
    /// The facts with the kernel and rfkill left out of the question (this machine's do not matter here).
    func busFacts(_ address: String) async throws -> DoctorFacts {
        try await within(20, "doctor bus probe") {
            var facts = DoctorFacts(kernel: .unsupported, rfkill: .unavailable, bus: .unreachable(address: "", reason: ""))
            await DoctorProbe.gatherBus(into: &facts, address: address)
            return facts
        }
    }

    @Test("No bus at the address: unreachable, nothing else asked")
    func noBus() async throws {
        let address = "unix:path=/nonexistent/carehub-\(UUID().uuidString)"
        let facts = try await busFacts(address)
        guard case let .unreachable(reported, reason) = facts.bus else {
            Issue.record("expected unreachable, got \(facts.bus)")
            return
        }
        #expect(reported == address)
        #expect(!reason.isEmpty)
        #expect(facts.bluetoothd == nil && facts.bluez == nil && facts.daemon == nil)
    }

    @Test("A socket that accepts but never answers: unreachable after the connect timeout, not a hang")
    func silentBus() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-silent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bus").path
        // A listening unix socket nobody accepts on: the kernel completes the connect, the D-Bus
        // handshake never gets an answer.
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        try #require(path.utf8.count < capacity)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(listener, 4) == 0)

        let facts = try await within(20, "doctor probe of a silent bus") {
            var facts = DoctorFacts(kernel: .unsupported, rfkill: .unavailable, bus: .unreachable(address: "", reason: ""))
            await DoctorProbe.gatherBus(into: &facts, address: "unix:path=\(path)", connectTimeout: .milliseconds(500))
            return facts
        }
        guard case let .unreachable(_, reason) = facts.bus else {
            Issue.record("expected unreachable, got \(facts.bus)")
            return
        }
        #expect(reason.contains("did not answer"))
        #expect(facts.bluetoothd == nil)
    }

    @Test("An empty bus: bluetoothd and carehubd are not running")
    func emptyBus() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let facts = try await busFacts(bus.address)
        #expect(facts.bus == .reachable(address: bus.address))
        #expect(facts.bluetoothd == .notRunning)
        #expect(facts.bluez == nil)
        #expect(facts.daemon == .notRunning)
    }

    @Test("bluez-sim: bluetoothd runs and reports hci0, powered")
    func simulator() async throws {
        let sim = try await SimHarness.start()
        let facts = try await busFacts(sim.bus.address)
        await sim.stop()
        guard case .running = facts.bluetoothd else {
            Issue.record("bluetoothd: \(String(describing: facts.bluetoothd))")
            return
        }
        guard case let .adapters(adapters) = facts.bluez else {
            Issue.record("bluez: \(String(describing: facts.bluez))")
            return
        }
        #expect(adapters.map(\.name) == ["hci0"])
        #expect(adapters.first?.powered == true)
        #expect(Doctor.diagnose(facts).usable)
    }

    @Test("A bluetoothd that answers AccessDenied, and a carehubd that answers GetStatus")
    func accessDeniedAndDaemonStatus() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let bluez = try await DBusConnection.connect(address: bus.address)
        defer { bluez.close() }
        try bluez.export(DBusObject(path: "/", interfaces: [DBusInterface(name: DBusBus.objectManagerInterface, methods: [
            DBusMethod(name: "GetManagedObjects", out: [("objects", "a{oa{sa{sv}}}")]) { _ throws(DBusError) in
                throw .remote(name: DBusErrorName.accessDenied, message: "Rejected send message, 1 matched rules")
            },
        ])]))
        try await bluez.requestName(BlueZInterface.service)

        let daemon = try await DBusConnection.connect(address: bus.address)
        defer { daemon.close() }
        try daemon.export(DBusObject(path: "/org/carehub/Gateway", interfaces: [DBusInterface(name: "org.carehub.Gateway1", methods: [
            DBusMethod(name: "GetStatus", out: [("status", "a{sv}")]) { _ in
                [.stringVariantDict([
                    ("version", .string("0.9.0")), ("bluez_running", .boolean(true)), ("paired_devices", .uint32(3)),
                    ("assigned_devices", .uint32(2)), ("outbox_pending", .uint32(0)),
                ])]
            },
        ])]))
        try await daemon.requestName("org.carehub.Gateway")

        let facts = try await busFacts(bus.address)
        #expect(facts.bluetoothd == .running(owner: bluez.uniqueName))
        #expect(facts.bluez == .accessDenied(message: "Rejected send message, 1 matched rules"))
        #expect(facts.daemon == .running(DoctorFacts.DaemonStatus(version: "0.9.0", pairedDevices: 3, assignedDevices: 2, adapter: nil)))
        let report = Doctor.diagnose(facts)
        #expect(report.findings.first { $0.check == .permission }?.status == .problem)
        #expect(report.text().contains("carehubd 0.9.0 is running: 3 paired, 2 assigned device(s), no adapter."))
    }
}
