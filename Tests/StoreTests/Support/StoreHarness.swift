import AsyncHTTPClient
import FHIR
import Foundation
import Hummingbird
import Logging
import MonitoringStore
import NIOCore
import NIOHTTP1
import StoreServer
import TestSupport
import Testing

/// A store test's own failure, said in words.
struct StoreTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The databases every store test runs on.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres
    var testDescription: String { rawValue }

    /// Both, unless `STORE_TEST_BACKENDS` (e.g. `sqlite`) narrows them for a quick local run.
    static var allCases: [Backend] {
        let all: [Backend] = [.sqlite, .postgres]
        guard let only = ProcessInfo.processInfo.environment["STORE_TEST_BACKENDS"] else { return all }
        return all.filter { only.split(separator: ",").contains(Substring($0.rawValue)) }
    }
}

/// A fresh database (a temporary SQLite file, or a new database on the test cluster), migrated.
func makeStore(_ backend: Backend, logger: Logger = quietLogger()) async throws -> (SQLMonitoringStore, DatabaseLocation) {
    let location: DatabaseLocation
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        location = .sqlite(path: directory.appendingPathComponent("store.sqlite").path)
    case .postgres:
        location = .postgres(url: try await PostgresCluster.shared.createDatabase())
    }
    let store = try SQLMonitoringStore(location: location, logger: logger)
    _ = try await store.migrate()
    return (store, location)
}

func quietLogger() -> Logger {
    var logger = Logger(label: "test.store")
    // STORE_TEST_LOG=error (or debug…) shows the server's log while a test runs.
    logger.logLevel = ProcessInfo.processInfo.environment["STORE_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}

/// An answer as a test reads it.
struct HTTPAnswer: Sendable {
    var status: Int
    /// Lower-cased names; the last value of a repeated header.
    var headers: [String: String]
    var body: String
    /// Every `Set-Cookie` header, in order.
    var setCookies: [String] = []

    /// The body as a FHIR resource.
    func resource() throws -> Resource { try FHIRJSON.decode(Resource.self, from: body) }
    func bundle() throws -> FHIRBundle {
        guard case .bundle(let bundle) = try resource() else { throw StoreTestError("not a Bundle: \(body.prefix(300))") }
        return bundle
    }
    func outcome() throws -> OperationOutcome {
        guard case .operationOutcome(let outcome) = try resource() else { throw StoreTestError("not an OperationOutcome: \(body.prefix(300))") }
        return outcome
    }
}

/// A `carehub-store` server on a loopback port over a fresh database, and a client for it.
final class StoreHarness: Sendable {
    let store: SQLMonitoringStore
    let location: DatabaseLocation
    let port: Int
    private let task: Task<Void, any Error>

    static func start(_ backend: Backend, configuration: StoreServerConfiguration = .init(port: 0)) async throws -> StoreHarness {
        let (store, location) = try await makeStore(backend)
        return try await start(store: store, location: location, configuration: configuration)
    }

    /// A second server (another instance) over an existing database.
    static func start(store: SQLMonitoringStore, location: DatabaseLocation, configuration: StoreServerConfiguration = .init(port: 0)) async throws -> StoreHarness {
        var configuration = configuration
        configuration.port = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = StoreServer(storage: store, configuration: configuration, logger: quietLogger())
        let application = server.application(onRunning: { continuation.yield($0) })
        let task = Task {
            defer { continuation.finish() }
            try await application.run()
        }
        var port: Int?
        for await bound in ports {
            port = bound
            break
        }
        guard let port else { throw StoreTestError("the store did not start") }
        return StoreHarness(store: store, location: location, port: port, task: task)
    }

    private init(store: SQLMonitoringStore, location: DatabaseLocation, port: Int, task: Task<Void, any Error>) {
        self.store = store
        self.location = location
        self.port = port
        self.task = task
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// One client for every test, redirects not followed (the staff tests look at them).
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    func stop(closingStore: Bool = true) async {
        task.cancel()
        _ = await task.result
        if closingStore { await store.shutdown() }
    }

    /// Registers a hub as `carehub-store hub add` does; its token.
    func addHub(_ id: String, patients: [String]) async throws -> String {
        let token = HubToken.generate()
        try await store.addHub(id: id, tokenSHA256: HubToken.sha256Hex(token), patients: patients)
        return token
    }

    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = nil,
                 headers extra: [(String, String)] = []) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            if !extra.contains(where: { $0.0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: "application/fhir+json")
            }
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await Self.client.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return HTTPAnswer(status: Int(response.status.code), headers: headers, body: String(buffer: data),
                          setCookies: response.headers["Set-Cookie"])
    }

    func post(_ body: String, token: String?, path: String = "/fhir") async throws -> HTTPAnswer {
        try await request(.POST, path, body: body, token: token)
    }

    func get(_ path: String, token: String?) async throws -> HTTPAnswer {
        try await request(.GET, path, token: token)
    }
}
