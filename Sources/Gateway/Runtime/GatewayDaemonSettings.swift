import Display
import Forwarding
import Foundation
import GatewayStore
import Readings
import Triage

/// What `carehubd` runs with: a plain value, read from the config file at the edge (the `carehubd`
/// executable); every field has the documented production default.
public struct GatewayDaemonSettings: Sendable {
    /// The SQLite database (readings, devices, outbox). Its directory must exist and be writable.
    public var databasePath: String
    /// The system bus address; nil: `DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket.
    public var busAddress: String?
    /// Patient-facing language, time zone and history window.
    public var pipeline: PipelineConfiguration
    /// The local display page (loopback only by default).
    public var display: DisplayServerConfiguration
    /// How many devices may be connected at once per adapter.
    public var maxConnections: Int
    /// The clinic's FHIR store (carehubd's `[forwarding]`); nil: nothing is sent. When set,
    /// `pipeline.forwarding` and `pipeline.hub` must be set too (carehubd does), so each reading's
    /// resources are made at its commit.
    public var forwarding: ForwardingConfiguration?
    /// With `forwarding`: seconds between polls of the clinic's messages and thresholds
    /// (docs/CLINIC-SYNC.md).
    public var clinicPollInterval: TimeInterval = 60
    /// With `forwarding`: seconds between heartbeats to the clinic's store.
    public var heartbeatInterval: TimeInterval = 900

    /// Creates settings; the defaults are the hub's.
    public init(
        databasePath: String = HubStore.defaultPath, busAddress: String? = nil,
        pipeline: PipelineConfiguration = PipelineConfiguration(),
        display: DisplayServerConfiguration = DisplayServerConfiguration(), maxConnections: Int = 3,
        forwarding: ForwardingConfiguration? = nil
    ) {
        self.databasePath = databasePath
        self.busAddress = busAddress
        self.pipeline = pipeline
        self.display = display
        self.maxConnections = maxConnections
        self.forwarding = forwarding
    }
}
