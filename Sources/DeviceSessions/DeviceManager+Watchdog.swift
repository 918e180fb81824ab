import BlueZ
import DBus
import Foundation

extension DeviceManager {
    // MARK: stuck-controller watchdog

    /// Feeds a connect result to the adapters' watchdogs; power-cycles the adapter when they say so.
    func recordConnect(adapter: ObjectPath, error: BlueZError?) async {
        switch watchdogs.record(adapter: adapter, error: error, at: now()) {
        case .fine:
            break
        case .suspectButRecentlyCycled:
            logger.warning("connects keep failing; adapter was power-cycled recently, not again yet",
                           metadata: ["adapter": "\(adapter)"])
        case .powerCycle:
            await powerCycle(adapter)
        }
    }

    /// Powered false → true: the one remedy for a controller that stopped answering LE commands
    /// (bluetooth-auto-recovery does the same). Discovery restarts on the Powered=true event.
    func powerCycle(_ adapter: ObjectPath) async {
        logger.warning("connects keep failing: power-cycling the adapter", metadata: ["adapter": "\(adapter)"])
        watchdogs.countPowerCycle()
        do {
            try await client.setPowered(adapter: adapter, false, timeout: BlueZTimeouts.call)
        } catch {
            logger.error("adapter power-off failed", metadata: ["adapter": "\(adapter)", "error": "\(error)"])
        }
        do {
            try await client.setPowered(adapter: adapter, true, timeout: BlueZTimeouts.call)
        } catch {
            logger.error("adapter power-on failed", metadata: ["adapter": "\(adapter)", "error": "\(error)"])
        }
    }

    /// How often the watchdog power-cycled an adapter since start.
    public func adapterPowerCycles() -> Int {
        watchdogs.powerCycles
    }
}
