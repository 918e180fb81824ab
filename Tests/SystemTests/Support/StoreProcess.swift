import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport

/// The databases the whole-system tests run the store on.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres
    var description: String { rawValue }

    /// Both, unless `STORE_TEST_BACKENDS` (e.g. `sqlite`) narrows them for a quick local run.
    static var selected: [StoreBackend] {
        guard let only = ProcessInfo.processInfo.environment["STORE_TEST_BACKENDS"] else { return allCases }
        return allCases.filter { only.split(separator: ",").contains(Substring($0.rawValue)) }
    }

    /// A new empty database's `--database` argument.
    func makeDatabase(in directory: URL) async throws -> String {
        switch self {
        case .sqlite: "sqlite:" + directory.appendingPathComponent("store.sqlite").path
        case .postgres: try await PostgresCluster.shared.createDatabase()
        }
    }
}

/// The built `carehub-store`, set up through its own command line and serving on a loopback port.
final class StoreProcess: Sendable {
    static let executable = BuiltProduct.path("carehub-store")
    let database: String
    let port: Int
    let server: ChildProcess

    /// Migrates `database`, adds the patients with their groups, and serves it.
    static func start(database: String, patients: [String: [String]]) async throws -> StoreProcess {
        try await ChildProcess.runChecked(executable, ["migrate", "--database", database])
        for (patient, groups) in patients.sorted(by: { $0.key < $1.key }) {
            try await ChildProcess.runChecked(executable, ["patient", "add", patient, "--database", database] + groups.flatMap { ["--group", $0] })
        }
        let port = try freeLoopbackPort()
        let server = try ChildProcess(executable, ["serve", "--database", database, "--listen", "127.0.0.1:\(port)", "--log-level", "notice"])
        let store = StoreProcess(database: database, port: port, server: server)
        try await waitUntil("carehub-store answering on port \(port)", within: 60) {
            if let status = server.exitStatus() { throw ChildProcessError("carehub-store serve exited \(status): \(server.error.suffix(2000))") }
            return (try? await store.get("/fhir/metadata").status) == 200
        }
        return store
    }

    private init(database: String, port: Int, server: ChildProcess) {
        self.database = database
        self.port = port
        self.server = server
    }

    /// `carehub-store hub add HUB --patient …`: the token it prints once.
    func addHub(_ id: String, patients: [String]) async throws -> String {
        let output = try await ChildProcess.runChecked(Self.executable, ["hub", "add", id, "--database", database] + patients.flatMap { ["--patient", $0] })
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var fhirBase: String { "http://127.0.0.1:\(port)/fhir" }

    static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    func get(_ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        try await request(.GET, path, token: token)
    }

    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
        try await Self.request(method, url: "http://127.0.0.1:\(port)\(path)", body: body, token: token)
    }

    /// Any loopback HTTP request of these tests (the store's, a hub display page's).
    static func request(_ method: HTTPMethod, url: String, body: String? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/fhir+json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: data))
    }

    static func get(url: String) async throws -> (status: Int, body: String) { try await request(.GET, url: url) }

    func stop() async -> Int32? { await server.terminate(within: 20) }
}
