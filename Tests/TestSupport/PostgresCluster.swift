import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One private PostgreSQL cluster per test process: `initdb` in a temporary directory, the server on
/// a free loopback port with trust authentication, a database per test. When the tests run as root
/// (CI), initdb/postgres run as the `postgres` user (they refuse root). A watchdog stops the server
/// and removes the directory when the test process ends, however it ends.
public actor PostgresCluster {
    public static let shared = PostgresCluster()

    private var port: Int?
    private var bin = ""

    /// The cluster's port, starting it on first use.
    public func start() async throws -> Int {
        if let port { return port }
        bin = try Self.binaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try await Self.shell("chown postgres:postgres \(directory)") }
        let log = directory + "/server.log"
        let data = directory + "/data"
        try await tool("initdb", "-D \(data) -A trust -U postgres --no-sync -E UTF8 --locale C", log: log)
        let port = try freeLoopbackPort()
        try await tool("pg_ctl", "-D \(data) -l \(log) -w -t 60 -o '-p \(port) -h 127.0.0.1 -k \(directory) -F -c max_connections=300 -c fsync=off' start", log: log)
        // The watchdog: when this process is gone, stop the server and remove its directory. In a
        // session of its own, so a signal to the test's process group does not take it along.
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(asPostgres("pg_ctl")) -D \(data) -m immediate stop >/dev/null 2>&1; rm -rf \(directory)"
        try await Self.shell("setsid /bin/sh -c \"\(script)\" </dev/null >/dev/null 2>&1 &")
        self.port = port
        return port
    }

    /// A new empty database; its `postgres://` URL.
    public func createDatabase() async throws -> String {
        let port = try await start()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await Self.shell("\(bin)/createdb -h 127.0.0.1 -p \(port) -U postgres \(name) </dev/null")
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    private func asPostgres(_ tool: String) -> String {
        getuid() == 0 ? "/usr/sbin/runuser -u postgres -- \(bin)/\(tool)" : "\(bin)/\(tool)"
    }

    private func tool(_ name: String, _ arguments: String, log: String) async throws {
        try await Self.shell("\(asPostgres(name)) \(arguments) </dev/null >>\(log).tools 2>&1")
    }

    /// `/bin/sh -c command`, failing with its output when it exits non-zero.
    static func shell(_ command: String) async throws {
        try await ChildProcess.runChecked("/bin/sh", ["-c", command], within: 120)
    }

    /// The newest server version's binaries (Debian: /usr/lib/postgresql/N/bin).
    public static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw ChildProcessError("PostgreSQL server binaries not found under \(root) (Debian package postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }
}
