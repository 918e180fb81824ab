import Foundation
import HealthProfiles

/// One value a device sent on a health characteristic, as it came off the bus: the seam between the
/// BlueZ side (device sessions) and the reading pipeline.
public struct MeasurementEvent: Sendable, Hashable {
    /// The device's Bluetooth address, upper case with colons ("AA:BB:CC:DD:EE:FF").
    public var deviceAddress: String
    /// The characteristic the value came on.
    public var characteristic: Characteristic
    /// The bytes exactly as received; stored as they are, whatever the quirks say.
    public var payload: [UInt8]
    /// Hub clock when the value arrived.
    public var receivedAt: Date
    /// Increments with every connection of the hub to any device; a memory dump resent within one
    /// connection is recognised by it.
    public var connectionID: UInt64
    /// What the session learned about the device (Device Information, the quirks that apply).
    public var device: DeviceIdentity

    /// Creates an event.
    public init(
        deviceAddress: String, characteristic: Characteristic, payload: [UInt8], receivedAt: Date,
        connectionID: UInt64, device: DeviceIdentity
    ) {
        self.deviceAddress = deviceAddress
        self.characteristic = characteristic
        self.payload = payload
        self.receivedAt = receivedAt
        self.connectionID = connectionID
        self.device = device
    }
}

/// What a device session learned about a device on connect.
public struct DeviceIdentity: Sendable, Hashable, Codable {
    /// Model Number String (0x2A24), or the advertised name's model part.
    public var model: String?
    /// Manufacturer Name String (0x2A29).
    public var manufacturer: String?
    /// Serial Number String (0x2A25).
    public var serial: String?
    /// Firmware Revision String (0x2A26).
    public var firmware: String?
    /// The advertised local name.
    public var advertisedName: String?

    /// Creates an identity; every field is optional because devices expose different subsets.
    public init(
        model: String? = nil, manufacturer: String? = nil, serial: String? = nil, firmware: String? = nil,
        advertisedName: String? = nil
    ) {
        self.model = model
        self.manufacturer = manufacturer
        self.serial = serial
        self.firmware = firmware
        self.advertisedName = advertisedName
    }
}

/// Where device sessions hand every received value. `handle` returns once the reading is durable,
/// recognised as a duplicate, or rejected; sessions call it in order per device.
public protocol MeasurementSink: Sendable {
    /// Takes one value off the bus through the pipeline.
    func handle(_ event: MeasurementEvent) async -> MeasurementOutcome
    /// Takes values that were already waiting together (a cuff's memory dump), in order; returns one
    /// outcome per value, in the same order, each with the meaning `handle(_:)` gives it.
    func handle(batch events: [MeasurementEvent]) async -> [MeasurementOutcome]
}

extension MeasurementSink {
    /// One value after the other: a sink that cannot share work between values still works.
    public func handle(batch events: [MeasurementEvent]) async -> [MeasurementOutcome] {
        var outcomes: [MeasurementOutcome] = []
        outcomes.reserveCapacity(events.count)
        for event in events { outcomes.append(await handle(event)) }
        return outcomes
    }
}

/// What became of one received value.
public enum MeasurementOutcome: Sendable, Hashable {
    /// Stored with this reading id, assessed, and shown.
    case stored(readingID: Int64)
    /// The same reading was already stored (a cuff resending its memory).
    case duplicate(readingID: Int64)
    /// Not a reading to keep: a live value (intermediate cuff pressure), or a non-measurement.
    case ignored(reason: String)
    /// Refused: unassigned device or user, undecodable payload, or the store failed. `reason` has no
    /// personal data and is fit for the log.
    case rejected(reason: String)
}
