import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public struct ChromiumError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Headless Debian `chromium` driven over the Chrome DevTools Protocol on a pipe
/// (`--remote-debugging-pipe`: commands on the child's fd 3, replies on its fd 4, each message
/// JSON terminated by NUL). No WebDriver, no network port, no third-party library.
public final class Chromium: Sendable {
    /// The browser binary: `$CAREHUB_CHROMIUM`, else Debian's, else nil (the test is skipped).
    public static var executable: String? {
        let candidates = [ProcessInfo.processInfo.environment["CAREHUB_CHROMIUM"], "/usr/lib/chromium/chromium", "/usr/bin/chromium"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public let pid: pid_t
    private let commands: Int32
    private let replies: Int32
    private let profile: URL
    private let state = Mutex<(nextID: Int, pending: [Int: CheckedContinuation<Data, any Error>], closed: Bool)>((1, [:], false))
    /// Every event the browser sent (the domains a page enabled: `Log`, `Runtime`, …), in order, as JSON.
    private let received = Mutex<[Data]>([])

    private init(pid: pid_t, commands: Int32, replies: Int32, profile: URL) {
        self.pid = pid
        self.commands = commands
        self.replies = replies
        self.profile = profile
    }

    /// Starts the browser with an empty throw-away profile.
    public static func launch(logFile: String) throws -> Chromium {
        guard let executable else { throw ChromiumError(description: "chromium not found") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        // pipes: parent writes commands → child fd 3; child fd 4 → parent reads replies.
        let (commandRead, commandWrite) = try pipePair()
        let (replyRead, replyWrite) = try pipePair()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commandRead, 3)
        posix_spawn_file_actions_adddup2(&actions, replyWrite, 4)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process reaches the browser: its listening sockets and pipes have
        // no close-on-exec, and a browser holding them keeps a test server's port or a pipe open
        // (glibc ≥ 2.34's posix_spawn_file_actions_addclosefrom_np; the header hides it without _GNU_SOURCE).
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        if let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 5)
        }

        let arguments = [
            executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--user-data-dir=\(profile.path)", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-dev-shm-usage", "--mute-audio",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1024,600", "about:blank",
        ]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(commandRead)
        close(replyWrite)
        guard rc == 0 else {
            close(commandWrite)
            close(replyRead)
            throw ChromiumError(description: "posix_spawn \(executable): \(String(cString: strerror(rc)))")
        }
        let browser = Chromium(pid: pid, commands: commandWrite, replies: replyRead, profile: profile)
        let reader = Thread { browser.readReplies() }
        reader.start()
        return browser
    }

    /// A pipe whose ends sit above fd 4 (so dup2 onto 3/4 always copies) and close on exec
    /// (Glibc does not export pipe2 to Swift, so the ends are moved with F_DUPFD_CLOEXEC).
    private static func pipePair() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ChromiumError(description: "pipe: \(String(cString: strerror(errno)))") }
        let high = fds.map { fd -> Int32 in
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return moved
        }
        guard high.allSatisfy({ $0 >= 10 }) else { throw ChromiumError(description: "fcntl F_DUPFD_CLOEXEC failed") }
        return (high[0], high[1])
    }

    /// Sends one CDP command and returns its `result` object as JSON.
    public func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil) async throws -> [String: Any] {
        let data = try await send(method, params, session: session)
        guard let reply = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ChromiumError(description: "\(method): reply is not an object")
        }
        if let error = reply["error"] as? [String: Any] {
            throw ChromiumError(description: "\(method): \(error["message"] ?? error)")
        }
        return reply["result"] as? [String: Any] ?? [:]
    }

    private func send(_ method: String, _ params: [String: Any], session: String?) async throws -> Data {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            let id: Int? = state.withLock { state in
                guard !state.closed else { return nil }
                let id = state.nextID
                state.nextID += 1
                state.pending[id] = continuation
                return id
            }
            guard let id else {
                continuation.resume(throwing: ChromiumError(description: "browser connection closed"))
                return
            }
            var message: [String: Any] = ["id": id, "method": method, "params": params]
            if let session { message["sessionId"] = session }
            do {
                var bytes = try JSONSerialization.data(withJSONObject: message)
                bytes.append(0)
                try bytes.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(commands, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                        guard n > 0 else { throw ChromiumError(description: "write to browser: \(String(cString: strerror(errno)))") }
                        offset += n
                    }
                }
            } catch {
                let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
                waiting?.resume(throwing: error)
            }
        }
    }

    /// Reader thread: splits the reply pipe on NUL and hands each reply to the call waiting for its id.
    private func readReplies() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            while let end = buffer.firstIndex(of: 0) {
                let message = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any] else { continue }
                guard let id = object["id"] as? Int else {
                    received.withLock { $0.append(message) }
                    continue
                }
                let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
                waiting?.resume(returning: message)
            }
        }
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for continuation in waiting { continuation.resume(throwing: ChromiumError(description: "browser closed the pipe")) }
    }

    /// The events named `method` sent so far for `session` (nil: any), each as its `params` object.
    public func events(_ method: String, session: String? = nil) -> [[String: Any]] {
        received.withLock { $0 }.compactMap { data in
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["method"] as? String == method,
                  session == nil || object["sessionId"] as? String == session
            else { return nil }
            return object["params"] as? [String: Any] ?? [:]
        }
    }

    /// Closes the browser (politely, then by force) and removes its profile.
    public func shutDown() async {
        _ = try? await Self.timeLimited(10) { _ = try await self.call("Browser.close"); return true }
        let pid = self.pid
        let exited = (try? await Self.timeLimited(10) {
            try await onThread { () -> Bool in
                var status: Int32 = 0
                return waitpid(pid, &status, 0) == pid
            }
        }) ?? false
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(commands)
        close(replies)
        try? FileManager.default.removeItem(at: profile)
    }

    /// `operation`, or nil after `seconds` (a safety net when the browser does not answer).
    private static func timeLimited<T: Sendable>(_ seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
