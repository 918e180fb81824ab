import Foundation

/// Runs `executable` to its end; its stdout, or a failure with its stderr.
@discardableResult
func runChecked(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // The tools write a line or two on stderr at most, far below a pipe's buffer: stdout first.
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let message = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.prefix(3).joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: message, as: UTF8.self).suffix(1500))")
    }
    return String(decoding: out, as: UTF8.self)
}

/// `/bin/sh -c command`, failing with its output. Spawned with every descriptor above stderr closed
/// and its output in a file: a daemon the command starts (PostgreSQL) inherits what the shell has,
/// and would otherwise hold a pipe (or Foundation's own watch on a child) open for good.
func shell(_ command: String) throws {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-bench-sh-\(UUID().uuidString.prefix(8)).log")
    defer { try? FileManager.default.removeItem(at: log) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // glibc ≥ 2.34 (Debian 12) has posix_spawn_file_actions_addclosefrom_np, behind _GNU_SOURCE.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
        throw BenchError("posix_spawn_file_actions_addclosefrom_np is missing (glibc < 2.34)")
    }
    _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    let words: [String] = ["/bin/sh", "-c", command]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { word in strdup(word) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("cannot start /bin/sh: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    // WIFEXITED && WEXITSTATUS == 0
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        throw BenchError("`\(command.prefix(120))` failed (wait status \(status)): \(output.suffix(1500))")
    }
}

/// A server the benchmark started (the store or the floor): stdout and stderr go to `log`.
final class ServerChild: @unchecked Sendable {
    let process = Process()
    let log: URL

    init(_ executable: String, _ arguments: [String], log: URL) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGTERM, then wait for the exit; its status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func logTail() -> String {
        String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self).suffix(3000).description
    }
}

/// CPU seconds (user + system) of processes while they run, from /proc (clock ticks).
enum ProcCPU {
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Fields after the command name of /proc/PID/stat (field 3, the state, is index 0).
    static func fields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// utime + stime of `pid` itself.
    static func own(_ pid: Int32) -> Double {
        guard let f = fields(pid), f.count > 12, let user = Double(f[11]), let system = Double(f[12]) else { return 0 }
        return (user + system) / ticksPerSecond
    }

    /// `pid`, its children that have exited (cutime + cstime) and its live children: what a server
    /// with worker processes (PostgreSQL's backends) has used so far.
    static func tree(_ pid: Int32) -> Double {
        guard let f = fields(pid), f.count > 14, let user = Double(f[11]), let system = Double(f[12]),
              let childUser = Double(f[13]), let childSystem = Double(f[14]) else { return 0 }
        var total = (user + system + childUser + childSystem) / ticksPerSecond
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry), let cf = fields(child), cf.count > 1, Int32(cf[1]) == pid else { continue }
            total += own(child)
        }
        return total
    }
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func selfCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// The 1, 5 and 15 minute load averages, as /proc/loadavg has them.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// A free TCP port on 127.0.0.1 (bound, read, released).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw BenchError("bind failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw BenchError("getsockname failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
