import ControlAPI
import Foundation
import Gateway
import Logging
import ServiceLifecycle
import Systemd
import UnixSignals

/// carehubd's side of systemd's notification protocol (sd_notify(3), without libsystemd):
/// `READY=1` once the gateway reports ready (store open, BlueZ attached, control API and display
/// page up), `STATUS=` lines when the hub's state changes, `WATCHDOG=1` at half of `WatchdogSec`
/// only while the reading path answers its liveness probe, `RELOADING=1`/`READY=1` around a SIGHUP
/// reload, and `STOPPING=1` when a graceful shutdown begins. Listed after the daemon in the service
/// group, so it hears of the shutdown first. Without `NOTIFY_SOCKET` it only handles SIGHUP.
final class SystemdService: Service {
    let notifier: SdNotify?
    let watchdog: Watchdog?
    let hangups: UnixSignalsSequence
    let statusText: @Sendable (any GatewayControl) async -> String
    let reload: @Sendable () async -> Void
    let statusInterval: Duration
    let logger: Logger
    private let readiness: AsyncStream<GatewayReadiness>
    private let readinessInput: AsyncStream<GatewayReadiness>.Continuation

    init(
        notifier: SdNotify?, watchdog: Watchdog?, hangups: UnixSignalsSequence, statusInterval: Duration = .seconds(5),
        logger: Logger, statusText: @escaping @Sendable (any GatewayControl) async -> String,
        reload: @escaping @Sendable () async -> Void
    ) {
        self.notifier = notifier
        self.watchdog = watchdog
        self.hangups = hangups
        self.statusInterval = statusInterval
        self.logger = logger
        self.statusText = statusText
        self.reload = reload
        (readiness, readinessInput) = AsyncStream.makeStream(of: GatewayReadiness.self)
    }

    /// The gateway's `onReady`.
    func ready(_ readiness: GatewayReadiness) {
        readinessInput.yield(readiness)
        readinessInput.finish()
    }

    func run() async throws {
        let ready: GatewayReadiness? = try? await cancelWhenGracefulShutdown { [readiness] in
            var iterator = readiness.makeAsyncIterator()
            return await iterator.next()
        }
        guard let ready else {
            send(["STOPPING=1"])
            return
        }
        let firstStatus = await statusText(ready.control)
        send(["READY=1", "STATUS=" + firstStatus])
        logger.info("ready", metadata: ["status": "\(firstStatus)", "watchdog": "\(watchdog.map { "\($0.timeout)" } ?? "off")"])
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.reportStatus(ready.control, from: firstStatus) }
                if let watchdog = self.watchdog {
                    group.addTask { await self.feedWatchdog(watchdog, probe: ready.liveness) }
                }
                group.addTask {
                    for await _ in self.hangups {
                        self.send(["RELOADING=1", "MONOTONIC_USEC=\(SdNotify.monotonicMicroseconds())"])
                        await self.reload()
                        self.send(["READY=1", "STATUS=" + (await self.statusText(ready.control))])
                    }
                }
            }
        }
        send(["STOPPING=1"])
    }

    /// A `STATUS=` line whenever the text changes (checked every `statusInterval`).
    func reportStatus(_ control: any GatewayControl, from first: String) async {
        var last = first
        while (try? await Task.sleep(for: statusInterval)) != nil {
            let text = await statusText(control)
            if text != last { send(["STATUS=" + text]) }
            last = text
        }
    }

    /// `WATCHDOG=1` every half timeout while the probe finds the reading path alive; otherwise none,
    /// so that systemd restarts the daemon after `WatchdogSec`.
    func feedWatchdog(_ watchdog: Watchdog, probe: LivenessProbe) async {
        var value: UInt64 = 0
        var failing = false
        repeat {
            value &+= 1
            let outcome = await probe.check(value: value, within: watchdog.pingInterval / 2)
            if outcome == .alive {
                send(["WATCHDOG=1"])
                if failing { logger.notice("the reading path answers again; watchdog pings resumed") }
                failing = false
            } else if !failing {
                failing = true
                logger.error("the reading path did not answer (\(outcome)); no watchdog ping: systemd restarts carehubd after WatchdogSec")
            }
        } while (try? await Task.sleep(for: watchdog.pingInterval)) != nil
    }

    func send(_ assignments: [String]) {
        guard let notifier else { return }
        do {
            try notifier.send(assignments)
        } catch {
            logger.warning("sd_notify failed", metadata: ["error": "\(error)"])
        }
    }
}
