import AsyncHTTPClient
import Foundation
import GatewayStore
import Logging
import ServiceLifecycle

/// Sends every outbox row to the monitoring store as FHIR transaction Bundles, oldest first, in
/// batches of `batch_size`; see docs/FORWARDING.md.
///
/// Woken at once by each commit (``ForwarderWakeup``), asleep otherwise: it never polls while idle,
/// only sleeps until the earliest `next_attempt_at` (or the end of a backoff) or the next wake-up.
/// A row is marked sent only after a 2xx transaction-response; every re-send carries the identifiers
/// stored with the reading, so the store's conditional create keeps it exactly once.
public actor Forwarder: Service {
    /// What the forwarder does, as it happens (one consumer; the newest 256 are kept when nobody
    /// reads, so a consumer that lags asks `HubStore.deliveryState(of:)` instead).
    public nonisolated let events: AsyncStream<ForwarderEvent>
    let emit: AsyncStream<ForwarderEvent>.Continuation

    let configuration: ForwardingConfiguration
    let store: HubStore
    let builder: BundleBuilder
    let wakeup: ForwarderWakeup
    let logger: Logger
    let clientConfiguration: HTTPClient.Configuration
    let endpointURL: String
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double

    var tokenFile: TokenFile?
    /// Consecutive failed attempts; the backoff grows with it.
    var failures = 0
    /// No request before this (backoff or Retry-After); a wake-up does not cut it short.
    var blockedUntil: Date?
    var backlog: BacklogWatch
    /// The failure last logged at warning level: repeats of it go to debug.
    var loggedFailure: String?

    /// Checks the configuration and loads what it names (CA file, client certificate and key, the
    /// token file with its ownership and mode): a problem is reported here, at start-up.
    ///
    /// - Parameters:
    ///   - builder: maps a batch of outbox items to the transaction Bundle (the FHIR mapping).
    ///   - wakeup: the pipeline's signal after each commit.
    ///   - environment: where the proxy variables are read.
    ///   - now: the clock for `next_attempt_at`, sent and error times.
    public init(
        configuration: ForwardingConfiguration, store: HubStore, builder: BundleBuilder, wakeup: ForwarderWakeup,
        logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ForwardingSetupError) {
        do { try configuration.validate() } catch { throw .configuration(error) }
        clientConfiguration = try configuration.httpClientConfiguration(environment: environment)
        if let path = configuration.tokenFile {
            var file = TokenFile(path: path)
            do { _ = try file.token() } catch { throw .tokenFile(error) }
            tokenFile = file
        }
        self.configuration = configuration
        self.endpointURL = configuration.url
        self.store = store
        self.builder = builder
        self.wakeup = wakeup
        self.logger = logger
        self.now = now
        self.random = { Double.random(in: 0..<1) }
        self.backlog = BacklogWatch(limit: configuration.backlogWarningAge)
        (events, emit) = AsyncStream.makeStream(of: ForwarderEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    /// Forwarding at a glance, read from the store.
    public nonisolated func status() throws(StoreError) -> ForwardingStatus {
        try ForwardingStatus.read(from: store, configured: true, now: now())
    }

    /// Runs until cancelled, until the wake-up signal finishes, or (graceful shutdown) after the
    /// request in flight. Cancelling mid-request is safe: the batch stays pending and its re-send
    /// is a no-op at the store.
    public func run() async throws {
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration,
            backgroundActivityLogger: logger)
        let uploader = HTTPUploader(client: client, url: endpointURL, requestTimeout: configuration.requestTimeout)
        let (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let stop = StopFlag()
        let pump = Task { [wakeup] in
            for await _ in wakeup.wakeups { ring.yield() }
            ring.finish()
        }
        logger.info("forwarder started", metadata: ["url": "\(endpointURL)", "batch_size": "\(configuration.batchSize)"])
        await withGracefulShutdownHandler {
            await self.loop(uploader, doorbell: doorbell, ring: ring, stop: stop)
        } onGracefulShutdown: {
            stop.set()
            ring.finish()
        }
        pump.cancel()
        try? await client.shutdown()
        logger.info("forwarder stopped")
    }

    private func loop(
        _ uploader: HTTPUploader, doorbell: AsyncStream<Void>, ring: AsyncStream<Void>.Continuation, stop: StopFlag
    ) async {
        var bell = doorbell.makeAsyncIterator()
        while !Task.isCancelled, !stop.isSet {
            guard case .sleep(let deadline) = await pass(uploader) else { continue }
            let timer = deadline.map { deadline in
                Task { [now] in
                    let delay = deadline.timeIntervalSince(now())
                    if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
                    if !Task.isCancelled { ring.yield() }
                }
            }
            let rang = await bell.next()
            timer?.cancel()
            if rang == nil { return }
        }
    }
}

/// Set once by the graceful-shutdown handler, read by the loop between requests.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
}
