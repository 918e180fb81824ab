import Foundation
import Logging
import MonitoringStore

/// One private PostgreSQL cluster per test process: `initdb` in a temporary directory, the server on a
/// free loopback port with trust authentication, a database per test. When the tests run as root
/// (CI), initdb/postgres run as the `postgres` user (they refuse root). A watchdog stops the server
/// and removes the directory when the test process ends, however it ends.
actor PostgresCluster {
    static let shared = PostgresCluster()

    private var port: Int?

    /// The cluster's port, starting it on first use.
    func start() throws -> Int {
        if let port { return port }
        let bin = try Self.binaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { try shell("chown postgres:postgres \(directory)") }
        let log = directory + "/server.log"
        func command(_ tool: String, _ arguments: String) throws {
            let run = asRoot ? "/usr/sbin/runuser -u postgres -- \(bin)/\(tool)" : "\(bin)/\(tool)"
            try shell("\(run) \(arguments) </dev/null >>\(log).tools 2>&1")
        }
        let data = directory + "/data"
        try command("initdb", "-D \(data) -A trust -U postgres --no-sync -E UTF8 --locale C")
        let port = try Self.freePort()
        try command("pg_ctl", "-D \(data) -l \(log) -w -t 60 -o '-p \(port) -h 127.0.0.1 -k \(directory) -F -c max_connections=300 -c fsync=off' start")
        // The watchdog: when this process is gone, stop the server and remove its directory.
        let stop = asRoot ? "/usr/sbin/runuser -u postgres -- \(bin)/pg_ctl" : "\(bin)/pg_ctl"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) -D \(data) -m immediate stop >/dev/null 2>&1; rm -rf \(directory)"
        // In a session of its own, so a signal to the test's process group does not take it along.
        try shell("setsid /bin/sh -c \"\(script)\" </dev/null >/dev/null 2>&1 &")
        self.port = port
        return port
    }

    /// A new empty database; its URL.
    func createDatabase() async throws -> String {
        let port = try start()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        var logger = Logger(label: "test.pg")
        logger.logLevel = .error
        let admin = try SQLBackend(.postgres(url: "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable"), connections: 1, logger: logger)
        try await admin.withSession { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        await admin.shutdown()
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw ProcessFailure(description: "PostgreSQL server binaries not found under \(root) (Debian package postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }

    /// A port nobody listens on now (bound to 0 by the kernel, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProcessFailure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ProcessFailure(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ProcessFailure(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
