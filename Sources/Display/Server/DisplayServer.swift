import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Errors of the display server.
public enum DisplayServerError: Error, Equatable {
    /// `run()` ended (or failed) before the server was listening.
    case stoppedBeforeListening
    /// The listening socket has no port (should not happen for TCP).
    case noBoundPort
}

/// The patient's local display page over HTTP (Hummingbird), fed by a `DisplayHub`.
///
/// Routes: `/` (page), `/events` (server-sent events), `/fragment/<name>`, `/state.json`,
/// `/healthz`, and `POST /contact-request` (the page's "please call me", same origin only). A `Service`: run it in the daemon's `ServiceGroup` (graceful shutdown ends the open
/// event streams, then the server drains), or call `run()` once and cancel its task to stop.
public final class DisplayServer: Service, Sendable {
    /// The hub whose state is served.
    public let hub: DisplayHub
    /// Where and how it is served.
    public let configuration: DisplayServerConfiguration
    /// What the page's buttons do; nil: the buttons have nothing to do (the POST answers 503).
    public let actions: DisplayActions?
    private let logger: Logger
    private let port = PortPromise()

    /// Creates a server for `hub`; nothing is bound until `run()`.
    public init(hub: DisplayHub, configuration: DisplayServerConfiguration = .init(), actions: DisplayActions? = nil, logger: Logger) {
        self.hub = hub
        self.configuration = configuration
        self.actions = actions
        self.logger = logger
    }

    /// The port the server listens on, once it does (useful with port 0). Throws if `run()` ended
    /// before the socket was bound.
    public func waitUntilListening() async throws -> Int {
        try await port.value()
    }

    /// Serves until graceful shutdown (of the enclosing `ServiceGroup`) or task cancellation; on the
    /// way out it ends every open event stream, so no page holds the shutdown up.
    public func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [port, logger, configuration] channel in
                guard let bound = channel.localAddress?.port else {
                    port.fulfil(.failure(DisplayServerError.noBoundPort))
                    return
                }
                logger.info("display page listening", metadata: ["host": "\(configuration.host)", "port": "\(bound)"])
                port.fulfil(.success(bound))
            },
            logger: logger
        )
        let hub = self.hub
        let interval = configuration.heartbeatInterval
        defer { port.fulfil(.failure(DisplayServerError.stoppedBeforeListening)) }
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await application.run() }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: interval)
                            await hub.heartbeat()
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                // Event streams never end by themselves; end them so the server can drain.
                Task { await hub.finish() }
            }
        } catch {
            await hub.finish()
            if error is CancellationError { return }
            throw error
        }
        await hub.finish()
    }
}
