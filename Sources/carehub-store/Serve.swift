import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MonitoringStore
import StoreServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve FHIR for hubs at /fhir and the staff pages at /.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "HOST:PORT to listen on.") var listen = "127.0.0.1:8080"
    @Option(help: "Largest request body in bytes (413 above).") var maxBodyBytes = 2 << 20
    @Option(help: "Requests per second a hub may make, sustained.") var hubRate = 20.0
    @Option(help: "Requests a hub may make at once (the token bucket's size).") var hubBurst = 100.0
    @Option(help: "Database connections (PostgreSQL).") var connections = 8
    @Flag(help: "Mark the session cookie Secure (the store is reached over TLS, e.g. behind a proxy).") var secureCookies = false
    @Option(help: "A hub not heard from for this many hours needs a visit.") var hubSilentHours = 6.0
    @Option(help: "A device without readings or contact for this many days needs a visit.") var deviceSilentDays = 3.0
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "The staff pages show times in this IANA time zone.") var timeZone = "Europe/Stockholm"

    func validate() throws {
        guard parsedListen() != nil else { throw ValidationError("--listen must be HOST:PORT, not \(listen)") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard hubRate > 0, hubBurst >= 1 else { throw ValidationError("--hub-rate must be > 0 and --hub-burst ≥ 1") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone \(timeZone) is not a time zone (e.g. Europe/Stockholm)") }
    }

    func parsedListen() -> (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(listen[..<colon])
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "carehub-store")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard let (host, port) = parsedListen() else { return }
        var configuration = StoreServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes,
                                                     hubRequestsPerSecond: hubRate, hubBurst: hubBurst, secureCookies: secureCookies)
        configuration.fleet.hubSilentAfter = hubSilentHours * 3600
        configuration.fleet.deviceSilentAfter = deviceSilentDays * 86400
        configuration.timeZone = TimeZone(identifier: timeZone) ?? StoreServerConfiguration.defaultTimeZone
        let location = try database.location()
        let store = try SQLMonitoringStore(location: location, connections: connections, logger: logger)
        guard try await store.schemaIsCurrent() else {
            await store.shutdown()
            throw StoreCommandError("the database's schema is missing or older than this carehub-store: run `carehub-store migrate` first")
        }
        logger.info("carehub-store serving", metadata: ["listen": "\(listen)", "database": "\(location)"])
        let server = StoreServer(storage: store, configuration: configuration, logger: logger)
        do {
            try await server.application().runService()
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
