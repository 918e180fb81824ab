import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a child process could not be run, or what it said when it failed.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What a finished program returned.
public struct ChildResult: Sendable {
    /// The exit status; 128 + N when killed by signal N (the shell's convention).
    public var status: Int32
    public var output: String
    public var error: String
}

/// A program run as a child with posix_spawn: stdin from a file, stdout and stderr into files,
/// never pipes. A pipe's write end can leak into a child another test spawns at the same moment
/// (a dbus-daemon, a browser, a PostgreSQL server living for the whole run); reading such a pipe
/// to EOF then never ends. Foundation's `Process` is not used either: its exit notification was
/// seen to stall under the test runner's load.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let outputFile: URL
    public let errorFile: URL
    private let directory: URL
    private let lock = NSLock()
    private var finished: Int32?

    /// Starts `executable arguments` with `environment` added to this process's.
    public init(_ executable: String, _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let inFile = directory.appendingPathComponent("in")
        outputFile = directory.appendingPathComponent("out")
        errorFile = directory.appendingPathComponent("err")
        try Data((input ?? "").utf8).write(to: inFile)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inFile.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        closeInheritedDescriptors(&actions)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
        guard spawned == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        ChildReaper.shared.adopt(pid)
    }

    deinit {
        if exitStatus() == nil {
            kill(pid, SIGKILL)
            _ = wait(blocking: true)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// What it wrote to stdout so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    /// What it wrote to stderr so far.
    public var error: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// The exit status if it has ended (reaped here), nil while it runs.
    public func exitStatus() -> Int32? { wait(blocking: false) }

    private func wait(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let finished { return finished }
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while reaped == -1 && errno == EINTR
        guard reaped == pid else { return nil }
        let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        finished = code
        ChildReaper.shared.release(pid)
        return code
    }

    /// Waits (polling, off the cooperative pool's blocking calls) for the exit; SIGKILL after
    /// `seconds`, then nil.
    public func waitForExit(within seconds: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        _ = wait(blocking: true)
        return nil
    }

    /// SIGTERM, then the exit status (nil: not ended within `seconds`; killed then).
    public func terminate(within seconds: Double = 10) async -> Int32? {
        if let status = exitStatus() { return status }
        kill(pid, SIGTERM)
        return await waitForExit(within: seconds)
    }

    /// Runs a program to completion, bounded by `seconds` (killed after).
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String] = [:], within seconds: Double = 120) async throws -> ChildResult {
        let child = try ChildProcess(executable, arguments, input: input, environment: environment)
        guard let status = await child.waitForExit(within: seconds) else {
            throw ChildProcessError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(Int(seconds)) s")
        }
        return ChildResult(status: status, output: child.output, error: child.error)
    }

    /// Runs a program and returns its stdout; throws with its stderr when it exits non-zero.
    @discardableResult
    public static func runChecked(_ executable: String, _ arguments: [String], input: String? = nil,
                                  environment: [String: String] = [:], within seconds: Double = 120) async throws -> String {
        let result = try await run(executable, arguments, input: input, environment: environment, within: seconds)
        guard result.status == 0 else {
            throw ChildProcessError("\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.error.suffix(2000))")
        }
        return result.output
    }
}

/// Children still running when the test process ends (a crash, a kill) are stopped by a watchdog
/// in a session of its own: it waits for this process to go, then sends SIGTERM and later SIGKILL
/// to the pids listed in a file (each removed from it once reaped here).
final class ChildReaper: @unchecked Sendable {
    static let shared = ChildReaper()
    private let lock = NSLock()
    private var pids: Set<pid_t> = []
    private var watching = false
    private let list = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-children-\(getpid())")

    func adopt(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        pids.insert(pid)
        write()
        guard !watching else { return }
        watching = true
        let file = list.path
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "[ -s \(file) ] && { kill -TERM $(cat \(file)) 2>/dev/null; sleep 3; kill -KILL $(cat \(file)) 2>/dev/null; }; rm -f \(file)"
        let arguments: [String] = ["/bin/sh", "-c", "setsid /bin/sh -c '\(script)' </dev/null >/dev/null 2>&1 &"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var watcher: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        closeInheritedDescriptors(&actions)
        if posix_spawn(&watcher, "/bin/sh", &actions, nil, &argv, environ) == 0 {
            var status: Int32 = 0
            while waitpid(watcher, &status, 0) == -1 && errno == EINTR {}
        }
    }

    func release(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        pids.remove(pid)
        write()
    }

    private func write() {
        try? Data(pids.map { "\($0)\n" }.joined().utf8).write(to: list)
    }
}

/// Closes every descriptor above stderr in the child. The test process holds sockets and pipes
/// made without close-on-exec (NIO's listening sockets among them); a child that inherits a test
/// server's listening socket keeps its port taken after the test stopped that server (seen: a
/// restarted test store refused with "Address already in use" while carehub-store held the port).
func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    // glibc ≥ 2.34 has posix_spawn_file_actions_addclosefrom_np, behind _GNU_SOURCE in the header.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"),
       unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3) == 0 {
        return
    }
    // Otherwise close what is open now (a descriptor opened in between may still leak).
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
    for fd in open where fd > 2 && fcntl(fd, F_GETFD) >= 0 { posix_spawn_file_actions_addclose(&actions, fd) }
}

/// The package's built executables (the test bundle sits beside them in .build/<config>/).
public enum BuiltProduct {
    public static func path(_ name: String) -> String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            products.appendingPathComponent(name),
            products.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/\(name)"),
        ]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]).path
    }
}

/// A loopback TCP port nobody listens on now (bound to 0 by the kernel, then released). Only for a
/// server that is started at once: while the port is free, any outgoing connection may be given it.
public func freeLoopbackPort() throws -> Int {
    try bindLoopback(port: 0) ?? { throw ChildProcessError("no free loopback port") }()
}

/// A free loopback port below the kernel's ephemeral range, for a server a test takes down and
/// starts again on the same port: no outgoing connection and no bind(0) anywhere in the run can be
/// given such a port while it is down (one in the range was, under the whole suite's load).
public func parkedLoopbackPort() throws -> Int {
    let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))?
        .split(whereSeparator: \.isWhitespace).compactMap { Int($0) } ?? []
    let ephemeralStart = range.first ?? 32768
    let upper = max(ephemeralStart, 12_001)
    for _ in 0..<200 {
        let candidate = Int.random(in: 12_000..<upper)
        if let port = try bindLoopback(port: candidate) { return port }
    }
    throw ChildProcessError("no free loopback port below \(ephemeralStart)")
}

/// Binds a TCP socket to 127.0.0.1:`port` and releases it; the port bound, nil when it is taken.
private func bindLoopback(port: Int) throws -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ChildProcessError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { return nil }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw ChildProcessError("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
