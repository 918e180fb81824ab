import FHIR
import Forwarding
import Foundation

/// How the hub follows the clinic's store: plain values, carehubd maps `[forwarding]` onto them.
public struct ClinicSyncConfiguration: Hashable, Sendable {
    /// The default `poll_interval`: a message or a threshold change reaches the hub within a minute.
    public static let defaultPollInterval: TimeInterval = 60
    /// The default `heartbeat_interval`: 15 minutes.
    public static let defaultHeartbeatInterval: TimeInterval = 900

    /// The hub's id: its PHG Device's system id, the first part of a contact request's identifier.
    public var hubID: String
    /// Sent in the heartbeat.
    public var softwareVersion: String
    /// Seconds between polls of each patient's messages and thresholds.
    public var pollInterval: TimeInterval
    /// Seconds between heartbeats (one is also sent at start-up).
    public var heartbeatInterval: TimeInterval
    /// After a failure: the next poll (or contact request attempt) follows this backoff, never later
    /// than the poll interval would.
    public var backoff: BackoffPolicy
    /// How far before the newest `meta.lastUpdated` seen the next message search starts, so a
    /// message a second store instance committed in the same second is not missed.
    public var overlap: TimeInterval

    public init(
        hubID: String, softwareVersion: String, pollInterval: TimeInterval = defaultPollInterval,
        heartbeatInterval: TimeInterval = defaultHeartbeatInterval, backoff: BackoffPolicy = BackoffPolicy(initial: 5, maximum: 600),
        overlap: TimeInterval = 5
    ) {
        self.hubID = hubID
        self.softwareVersion = softwareVersion
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
        self.backoff = backoff
        self.overlap = overlap
    }
}

/// What the clinic sync did, for the display (new messages, a contact request accepted) and for tests.
public enum ClinicSyncEvent: Hashable, Sendable {
    /// New clinic messages were stored (count); the page shows them.
    case messagesStored(Int)
    /// The clinic's threshold set for a patient was applied; these parameters changed.
    case thresholdsApplied(patient: String, parameters: [String])
    /// The store accepted a contact request (its row id on the hub).
    case contactRequestSent(Int64)
    /// A contact request attempt failed; it is tried again.
    case contactRequestFailed(Int64, reason: String)
    /// The store accepted a heartbeat.
    case heartbeatSent(HubHeartbeat)
    /// A heartbeat failed; the next is at the next interval.
    case heartbeatFailed(reason: String)
    /// A poll round ended: `failure` nil when every request of the round worked.
    case polled(failure: String?)
}
