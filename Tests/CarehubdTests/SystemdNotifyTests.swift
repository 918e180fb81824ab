import DBus
import Foundation
import Gateway
import Systemd
import TestSupport
import Testing

/// sd_notify against a real datagram socket bound by the test: carehubd as a process on a private
/// bus with bluez-sim (READY, STATUS, WATCHDOG, RELOADING, STOPPING in order), and the client and
/// the liveness probe in-process.
@Suite("systemd notifications", .serialized)
struct SystemdNotifyTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehubd-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static func lines(_ message: String) -> [String] { message.split(separator: "\n").map(String.init) }

    @Test("carehubd under a notify socket: READY with STATUS, watchdog pings, RELOADING/READY on SIGHUP, STOPPING on SIGTERM, in order")
    func daemonNotifies() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let socket = try NotifySocket(name: directory.appendingPathComponent("notify").path)
        let config = directory.appendingPathComponent("carehubd.toml")
        let database = directory.appendingPathComponent("hub.sqlite").path
        try Data("database = \"\(database)\"\nlog_level = \"info\"\n[display]\nport = 0\n".utf8).write(to: config)
        let daemon = try DaemonProcess(["--config", config.path], busAddress: sim.bus.address, directory: directory,
                                       environment: ["NOTIFY_SOCKET": socket.name, "WATCHDOG_USEC": "1000000"])
        defer { if daemon.process.isRunning { daemon.process.terminate() } }

        let untilReady = try #require(await socket.collect { Self.lines($0).contains("READY=1") }, "READY=1: \(daemon.log)")
        #expect(untilReady.count == 1, "READY=1 is the first notification: \(untilReady)")
        let ready = Self.lines(untilReady[0])
        let status = try #require(ready.first { $0.hasPrefix("STATUS=") })
        #expect(status == "STATUS=0 of 0 assigned devices connected; no readings yet; 0 readings kept on the hub (no forwarding configured)")
        // The store is open by then: READY=1 comes after the database exists (mode 0600).
        #expect(FileManager.default.fileExists(atPath: database))

        // Two pings at half of WatchdogSec (0.5 s here), each after the reading path answered.
        for _ in 0..<2 {
            let pings = try #require(await socket.collect { $0 == "WATCHDOG=1" }, "WATCHDOG=1: \(daemon.log)")
            #expect(pings.allSatisfy { $0 == "WATCHDOG=1" || $0.hasPrefix("STATUS=") }, "\(pings)")
        }

        // SIGHUP with a changed log level and a changed port: RELOADING=1, then READY=1.
        try Data("database = \"\(database)\"\nlog_level = \"debug\"\n[display]\nport = 8\n".utf8).write(to: config)
        kill(daemon.process.processIdentifier, SIGHUP)
        let untilReloading = try #require(await socket.collect { Self.lines($0).contains("RELOADING=1") })
        let reloading = Self.lines(untilReloading.last ?? "")
        #expect(reloading.contains { $0.hasPrefix("MONOTONIC_USEC=") && UInt64($0.dropFirst(15)) != nil }, "\(reloading)")
        let untilReadyAgain = try #require(await socket.collect { Self.lines($0).contains("READY=1") })
        #expect(untilReadyAgain.allSatisfy { $0 == "WATCHDOG=1" || $0.hasPrefix("STATUS=") || $0.hasPrefix("READY=1") }, "\(untilReadyAgain)")
        try await eventually("the reload's report in the log") { daemon.log.contains("take effect after a restart") }
        #expect(daemon.log.contains("display.port"), "the restart-only key is named: \(daemon.log)")
        #expect(!daemon.log.contains("log_level,") && !daemon.log.contains(": log_level"), "log_level applies at once")

        // SIGTERM: STOPPING=1, then a clean exit; no READY or WATCHDOG after STOPPING.
        daemon.process.terminate()
        let untilStopping = try #require(await socket.collect { $0 == "STOPPING=1" })
        #expect(untilStopping.allSatisfy { $0 == "WATCHDOG=1" || $0.hasPrefix("STATUS=") || $0 == "STOPPING=1" }, "\(untilStopping)")
        #expect(await daemon.exitStatus(within: 20) == 0, "\(daemon.log)")
        while let after = await socket.next(within: 0.2) {
            #expect(!after.contains("READY=1") && after != "WATCHDOG=1", "after STOPPING=1: \(after)")
        }
    }

    @Test("a start-up refusal is a STATUS line, never READY")
    func refusalIsStatus() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let listener = try LoopbackListener()
        let socket = try NotifySocket(name: "@carehub-test-\(UUID().uuidString)")
        let daemon = try DaemonProcess(["--database", directory.appendingPathComponent("x.sqlite").path, "--display-port", "\(listener.port)"],
                                       busAddress: sim.bus.address, directory: directory, environment: ["NOTIFY_SOCKET": socket.name])
        #expect(await daemon.exitStatus(within: 20) == 1)
        let message = try #require(await socket.next(within: 5), "a STATUS line on the abstract socket")
        #expect(message.hasPrefix("STATUS=cannot start: the display page's port \(listener.port)"), "\(message)")
    }

    @Test("SdNotify sends one datagram per call to a path or an abstract @name; multi-line values are cut")
    func client() async throws {
        for name in [directory.appendingPathComponent("n").path, "@carehub-test-\(UUID().uuidString)"] {
            let socket = try NotifySocket(name: name)
            let client = try SdNotify(socket: name)
            try client.send(["READY=1", "STATUS=line one\nline two"])
            #expect(await socket.next(within: 5) == "READY=1\nSTATUS=line one")
            try client.send("WATCHDOG=1")
            #expect(await socket.next(within: 5) == "WATCHDOG=1")
        }
        #expect(throws: SdNotifyError.unsupportedSocket("vsock:2:1234")) { try SdNotify(socket: "vsock:2:1234") }
        setenv("NOTIFY_SOCKET", "@carehub-unused", 1)
        setenv("WATCHDOG_USEC", "2000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        #expect(try SdNotify.fromEnvironment()?.socket == "@carehub-unused")
        #expect(Watchdog.fromEnvironment() == Watchdog(timeout: .seconds(2)))
        #expect(getenv("NOTIFY_SOCKET") == nil && getenv("WATCHDOG_USEC") == nil, "children do not inherit them")
    }

    @Test("the liveness probe: alive while every stage hands the value back; a stuck stage is reported and not asked again until it returns")
    func livenessProbe() async throws {
        let gate = Gate()
        let probe = LivenessProbe(stages: [
            .init(name: "pipeline") { $0 },
            .init(name: "bus") { value in await gate.pass(); return value },
        ])
        await gate.open()
        #expect(await probe.check(value: 1, within: .seconds(30)) == .alive)
        await gate.close()
        #expect(await probe.check(value: 2, within: .milliseconds(100)) == .stuck(stage: "bus"))
        // Still blocked from check 2: reported at once, without a second turn-over piling up.
        #expect(await probe.check(value: 3, within: .seconds(30)) == .stuck(stage: "bus"))
        await gate.open()
        try await eventually("the blocked turn-over returns") { await probe.check(value: 4, within: .seconds(30)) == .alive }
        let wrong = LivenessProbe(stages: [.init(name: "pipeline") { $0 + 1 }])
        #expect(await wrong.check(value: 7, within: .seconds(30)) == .failed(stage: "pipeline", reason: "answered 8, not 7"))
    }
}

/// Holds callers of `pass()` while closed.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func pass() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }

    func close() { isOpen = false }
}
