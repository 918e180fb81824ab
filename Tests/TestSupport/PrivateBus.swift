import Foundation
import Synchronization

/// A private `dbus-daemon` for one test: its own config, a unix socket in a fresh temp directory,
/// stopped (and the directory removed) by `stop()` or when freed. Reusable by any test target that
/// needs a real bus: depend on the TestSupport target.
public final class PrivateBus: @unchecked Sendable {
    /// The address to connect to, e.g. `unix:path=/tmp/carehub-bus-XXXX/bus,guid=…`.
    public let address: String
    private let process: Process
    private let directory: URL
    private let killed = Mutex(false)

    /// A session-type bus on which everything is allowed.
    public convenience init() throws {
        try self.init(configuration: Self.config(socket:))
    }

    /// A bus with the caller's config (`configuration` gets the socket path). `openToAllUsers`: the
    /// socket can be reached by other users too, like /run/dbus/system_bus_socket (policy tests
    /// that call as `nobody`).
    public init(configuration: (String) -> String, openToAllUsers: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-bus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: openToAllUsers ? [.posixPermissions: 0o755] : nil)
        let socket = directory.appendingPathComponent("bus").path
        let config = directory.appendingPathComponent("bus.conf")
        try configuration(socket).write(to: config, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
        process.arguments = ["--config-file=\(config.path)", "--nofork", "--nopidfile", "--print-address=1", "--nosyslog"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // dbus-daemon prints its address once it listens; read up to the newline.
        var bytes = Data()
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
        }
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("unix:") else {
            Foundation.kill(process.processIdentifier, SIGKILL)
            try? FileManager.default.removeItem(at: directory)
            throw PrivateBusError.noAddress(line)
        }
        if openToAllUsers { try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: socket) }
        address = line
    }

    /// Stops the daemon and removes the temp directory. Idempotent. SIGKILL, because the test
    /// process's blocked-signal mask is inherited by the child and can hold back SIGTERM.
    public func stop() {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills the daemon abruptly (SIGKILL), as a crash would. Does not wait: SIGKILL cannot be
    /// caught, the kernel closes the bus's sockets as it dies, and Foundation reaps the child.
    /// (`waitUntilExit` here blocked cooperative threads of the 2-core test process and hung a run.)
    public func kill() {
        let first = killed.withLock { wasKilled in
            defer { wasKilled = true }
            return !wasKilled
        }
        guard first, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    deinit { stop() }

    private static func config(socket: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """
    }
}

public enum PrivateBusError: Error {
    case noAddress(String)
}
