import Foundation

/// Where a device session is in its connection cycle.
public enum DeviceSessionState: Sendable, Hashable, CustomStringConvertible {
    /// Assigned and advertising; a connection will be attempted.
    case seen
    case connecting(attempt: Int)
    case resolvingServices
    case readingInfo
    case syncingTime
    case subscribing
    /// Subscribed; values flow to the pipeline.
    case receiving
    /// Not connected (end of a batch, link lost, bluetoothd gone); waits for the next advertisement.
    case disconnected(reason: String?)
    /// A transient failure; the next attempt follows after `delay`.
    case backoff(attempt: Int, delay: Duration)
    /// The device lost its bond (or refuses our keys): the technician must pair it again. No retries.
    case bondLost

    public var description: String {
        switch self {
        case .seen: "seen"
        case let .connecting(attempt): "connecting (attempt \(attempt))"
        case .resolvingServices: "resolving services"
        case .readingInfo: "reading device information"
        case .syncingTime: "syncing time"
        case .subscribing: "subscribing"
        case .receiving: "receiving"
        case let .disconnected(reason): "disconnected" + (reason.map { " (\($0))" } ?? "")
        case let .backoff(attempt, delay): "backing off after attempt \(attempt) for \(delay)"
        case .bondLost: "bond lost"
        }
    }
}

/// Something the control API / CLI may show: state changes, batch summaries, bond loss, battery.
public enum GatewayDeviceEvent: Sendable, Hashable {
    case stateChanged(address: String, DeviceSessionState)
    /// A connection ended after delivering `values` values to the pipeline (a cuff's burst).
    case batchEnded(address: String, connectionID: UInt64, values: Int)
    /// The device refused our keys; `advice` is for the technician, in plain words.
    case bondLost(address: String, advice: String)
    case batteryLevel(address: String, percent: Int)
    /// The device's GATT database is not what we expected even after re-resolving.
    case staleServices(address: String, detail: String)
    /// The adapter used for discovery changed (nil: none available).
    case adapterChanged(String?)
    /// Pairing progress for `address`, in plain words.
    case pairing(address: String, message: String)

    /// The device address the event is about, if any.
    public var address: String? {
        switch self {
        case let .stateChanged(a, _), let .batchEnded(a, _, _), let .bondLost(a, _), let .batteryLevel(a, _),
             let .staleServices(a, _), let .pairing(a, _): a
        case .adapterChanged: nil
        }
    }
}
