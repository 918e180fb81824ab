import FHIR
import Forwarding
import Foundation
import GatewayStore
import Logging
import ServiceLifecycle

/// Follows the clinic's store for the hub (docs/CLINIC-SYNC.md): polls each assigned patient's
/// messages and thresholds, sends the heartbeat, and sends the patient's contact requests.
///
/// Quiet while nothing changes: a round that finds nothing logs nothing; a failure is logged once
/// (its repeats at debug) and the recovery once. Everything it keeps (message cursor, threshold
/// version, unsent contact requests) is in the hub's store, so a restart goes on where it stopped.
public actor ClinicSync: Service {
    /// What happens, as it happens (one consumer; the newest 256 are kept when nobody reads).
    public nonisolated let events: AsyncStream<ClinicSyncEvent>
    let emit: AsyncStream<ClinicSyncEvent>.Continuation

    let configuration: ClinicSyncConfiguration
    let store: HubStore
    let client: StoreClient
    let logger: Logger
    let now: @Sendable () -> Date
    /// The assigned devices' statuses for the heartbeat (battery and last contact live in the sessions).
    let deviceStatuses: @Sendable () async -> [DeviceStatus]
    /// Rung when a contact request was stored, so it is sent at once.
    private let contactBell: AsyncStream<Void>.Continuation
    private let contactRings: AsyncStream<Void>

    /// Consecutive failed poll rounds; the backoff grows with it.
    var pollFailures = 0
    var contactFailures = 0
    /// The failure last logged at warning level, per activity: repeats go to debug.
    var loggedFailure: [String: String] = [:]
    /// Threshold versions refused as invalid (logged once each, not applied).
    var refusedVersions: Set<String> = []

    public init(
        configuration: ClinicSyncConfiguration, store: HubStore, client: StoreClient, logger: Logger,
        deviceStatuses: @escaping @Sendable () async -> [DeviceStatus] = { [] },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.store = store
        self.client = client
        self.logger = logger
        self.deviceStatuses = deviceStatuses
        self.now = now
        (events, emit) = AsyncStream.makeStream(of: ClinicSyncEvent.self, bufferingPolicy: .bufferingNewest(256))
        (contactRings, contactBell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Stores the patient's "please call me" (durably, before anything is sent) and wakes the sender.
    public nonisolated func requestContact(patient: String, text: String) throws(StoreError) -> ContactRequestRecord {
        let record = try store.addContactRequest(patient: patient, text: text, at: now())
        contactBell.yield()
        return record
    }

    /// Runs the three activities until cancelled or graceful shutdown.
    public func run() async throws {
        logger.info("clinic sync started", metadata: [
            "poll_interval_s": "\(Int(configuration.pollInterval))", "heartbeat_interval_s": "\(Int(configuration.heartbeatInterval))",
        ])
        try await cancelWhenGracefulShutdown { [self] in
            await withDiscardingTaskGroup { group in
                group.addTask { await self.pollLoop() }
                group.addTask { await self.heartbeatLoop() }
                group.addTask { await self.contactLoop() }
            }
        }
        // The HTTP client must be shut down before it is released (async-http-client traps on that
        // in debug builds and leaks its connections in release builds).
        await client.shutdown()
        logger.info("clinic sync stopped")
    }

    private func pollLoop() async {
        while !Task.isCancelled {
            let failure = await pollRound()
            emit.yield(.polled(failure: failure))
            let delay: TimeInterval
            if failure != nil {
                pollFailures += 1
                delay = min(configuration.pollInterval, configuration.backoff.delay(
                    failures: pollFailures, retryAfter: nil, unit: Double.random(in: 0.5..<1)))
            } else {
                pollFailures = 0
                delay = configuration.pollInterval
            }
            try? await Task.sleep(for: .seconds(delay))
        }
    }

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            await sendHeartbeat()
            try? await Task.sleep(for: .seconds(configuration.heartbeatInterval))
        }
    }

    private func contactLoop() async {
        var rings = contactRings.makeAsyncIterator()
        while !Task.isCancelled {
            if await sendContactRequests() {
                contactFailures = 0
                // Everything sent: wait for the next request.
                guard await rings.next() != nil else { return }
            } else {
                contactFailures += 1
                let delay = min(configuration.pollInterval, configuration.backoff.delay(
                    failures: contactFailures, retryAfter: nil, unit: Double.random(in: 0.5..<1)))
                try? await Task.sleep(for: .seconds(delay))
            }
        }
    }

    /// Logs a failure of `activity` once at warning; its repeats at debug.
    func logFailure(_ activity: String, _ reason: String) {
        if loggedFailure[activity] == reason {
            logger.debug("clinic sync failed again", metadata: ["activity": "\(activity)", "error": "\(reason)"])
        } else {
            logger.warning("clinic sync failed, will retry", metadata: ["activity": "\(activity)", "error": "\(reason)"])
            loggedFailure[activity] = reason
        }
    }

    /// Logs the recovery of `activity` once.
    func logRecovery(_ activity: String) {
        guard loggedFailure.removeValue(forKey: activity) != nil else { return }
        logger.info("clinic sync works again", metadata: ["activity": "\(activity)"])
    }
}
