import Foundation

/// A private PostgreSQL cluster for one run: `initdb` in a temporary directory, the server on a free
/// loopback port with trust authentication and the server's defaults otherwise (fsync on, no `-F`:
/// durable commits, as a region runs it). As root, initdb and the server run as `postgres` (they
/// refuse root), like Tests/TestSupport/PostgresCluster.swift.
final class PostgresServer {
    let directory: String
    let port: Int
    private let bin: String

    init(under parent: URL) throws {
        bin = try Self.binaries()
        directory = parent.appendingPathComponent("postgres").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try shell("chown postgres:postgres \(directory)") }
        port = try freeLoopbackPort()
        // --no-sync only skips initdb's own flush of the new files; the server syncs as usual.
        try shell("\(asPostgres("initdb")) -D \(directory)/data -A trust -U postgres --no-sync -E UTF8 --locale C </dev/null >\(directory)/initdb.log 2>&1")
        try shell("\(asPostgres("pg_ctl")) -D \(directory)/data -l \(directory)/server.log -w -t 60 -o '-p \(port) -h 127.0.0.1 -k \(directory)' start </dev/null >/dev/null 2>&1")
        try shell("\(bin)/createdb -h 127.0.0.1 -p \(port) -U postgres carehub </dev/null")
    }

    var url: String { "postgres://postgres@127.0.0.1:\(port)/carehub?sslmode=disable" }

    /// The postmaster's pid (the first line of postmaster.pid).
    var pid: Int32? {
        guard let text = try? String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// `SHOW name` on the server.
    func setting(_ name: String) -> String {
        (try? runChecked("\(bin)/psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-At", "-c", "SHOW \(name)", "carehub"]))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    }

    func stop() {
        try? shell("\(asPostgres("pg_ctl")) -D \(directory)/data -m fast -w stop </dev/null >/dev/null 2>&1")
    }

    private func asPostgres(_ tool: String) -> String {
        getuid() == 0 ? "/usr/sbin/runuser -u postgres -- \(bin)/\(tool)" : "\(bin)/\(tool)"
    }

    /// The newest server version's binaries (Debian: /usr/lib/postgresql/N/bin).
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw BenchError("PostgreSQL server binaries not found under \(root) (Debian package postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }
}
