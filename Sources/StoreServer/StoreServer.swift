import Foundation
import Hummingbird
import Logging
import MonitoringStore
import NIOCore

/// The store's HTTP server: the FHIR endpoint for hubs at `/fhir` and the staff pages (`StorePages`) at `/`.
/// The executable and the tests run the same value.
public struct StoreServer: Sendable {
    public let storage: any MonitoringStorage
    public let configuration: StoreServerConfiguration
    let logger: Logger

    public init(storage: any MonitoringStorage, configuration: StoreServerConfiguration, logger: Logger) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
    }

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        FHIRRoutes(storage: storage, configuration: configuration,
                   limiter: RateLimiter(rate: configuration.hubRequestsPerSecond, burst: configuration.hubBurst),
                   authenticator: HubAuthenticator(storage: storage), logger: logger).register(on: router)
        StaffRoutes(storage: storage, configuration: configuration, logger: logger).register(on: router)
        return router
    }

    /// The application; `onRunning` gets the bound port.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? -1) },
            logger: logger)
    }
}
