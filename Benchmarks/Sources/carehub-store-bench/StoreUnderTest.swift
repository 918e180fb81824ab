import AsyncHTTPClient
import Foundation
import Logging
import MonitoringStore

/// What a run measures: the release `carehub-store serve` on SQLite or PostgreSQL, or the floor
/// (this benchmark's own endpoint that takes the Bundle and answers without storing).
enum Target: String, CaseIterable, Sendable {
    case floor
    case sqlite
    case postgres
}

/// A database set up with carehub-store's own command line, as an operator does: `migrate`, then
/// `patient add` and `hub add` for every simulated hub (each `hub add` prints its token once).
struct StoreDatabase {
    let target: Target
    let argument: String
    let postgres: PostgresServer?

    static func create(_ target: Target, in directory: URL) throws -> StoreDatabase {
        switch target {
        case .sqlite:
            return StoreDatabase(target: target, argument: "sqlite:" + directory.appendingPathComponent("store.sqlite").path, postgres: nil)
        case .postgres:
            let server = try PostgresServer(under: directory)
            return StoreDatabase(target: target, argument: server.url, postgres: server)
        case .floor:
            throw BenchError("the floor has no database")
        }
    }

    /// Runs the set-up commands; `hubs` with their tokens.
    func setUp(store: String, hubs: [SimulatedHub]) throws -> [SimulatedHub] {
        try runChecked(store, ["migrate", "--database", argument])
        return try hubs.map { hub in
            var hub = hub
            try runChecked(store, ["patient", "add", hub.patient, "--group", "bench-clinic", "--database", argument])
            hub.token = try runChecked(store, ["hub", "add", hub.id, "--patient", hub.patient, "--database", argument])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard hub.token.count >= 32 else { throw BenchError("hub add printed no token for \(hub.id)") }
            return hub
        }
    }

    /// What the store holds after the run, read through the store's own storage API (as its FHIR
    /// searches and staff pages read it): each patient's Observations and DetectedIssues, summed, and
    /// the worklist's items.
    func counts(patients: [String]) async throws -> (observations: Int, detectedIssues: Int, worklist: Int) {
        guard let location = DatabaseLocation(argument: argument) else { throw BenchError("bad database \(argument)") }
        var logger = Logger(label: "bench.count")
        logger.logLevel = .critical
        let storage = try SQLMonitoringStore(location: location, connections: 2, logger: logger)
        do {
            var observations = 0, issues = 0
            for patient in patients {
                observations += try await storage.resources(type: "Observation", patient: patient, from: nil, to: nil, limit: 1 << 30).count
                issues += try await storage.resources(type: "DetectedIssue", patient: patient, from: nil, to: nil, limit: 1 << 30).count
            }
            let worklist = try await storage.worklist(limit: 1 << 30).count
            await storage.shutdown()
            return (observations, issues, worklist)
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    /// How durable a commit is on this database, for the report.
    var durability: String {
        switch target {
        case .sqlite: "WAL, synchronous=NORMAL (the store's setting)"
        case .postgres: "fsync=\(postgres?.setting("fsync") ?? "?"), synchronous_commit=\(postgres?.setting("synchronous_commit") ?? "?")"
        case .floor: "nothing stored"
        }
    }
}

/// Polls `GET url` until it answers 200 (the server is up), or fails after `seconds`.
func waitUntilAnswering(_ url: String, client: HTTPClient, server: ServerChild, seconds: Double = 60) async throws {
    let deadline = monotonicSeconds() + seconds
    while monotonicSeconds() < deadline {
        guard server.process.isRunning else { throw BenchError("the server exited: \(server.logTail())") }
        if let response = try? await client.execute(HTTPClientRequest(url: url), timeout: .seconds(2)), response.status.code == 200 {
            _ = try? await response.body.collect(upTo: 1 << 20)
            return
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw BenchError("no answer from \(url) within \(Int(seconds)) s: \(server.logTail())")
}
