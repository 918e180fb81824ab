import DeviceSessions
import Foundation
import HealthProfiles

/// The first packet of a multi-packet body composition, waiting for the second.
struct PendingPacket: Sendable {
    var part: BodyCompositionMeasurement
    var event: MeasurementEvent
}

extension ReadingPipeline {
    /// How long the first packet of a split body composition waits for the second (same connection).
    static let packetPairWindow: TimeInterval = 30

    /// Joins the two packets of a Body Composition Measurement split with the Multiple Packet flag
    /// (bit 12; 30 bytes do not fit one default-MTU indication). The first packet is held and nil
    /// returned; the second, from the same device and connection within `packetPairWindow`, yields
    /// one measurement (fields of both, flag cleared) and one event whose payload is both packets as
    /// received, in order (the first packet's length follows from its flags, so it can be decoded
    /// again). Indications are acknowledged, so within a connection the packets come in order.
    func joinPacket(
        _ part: BodyCompositionMeasurement, event: MeasurementEvent
    ) -> (HealthProfiles.Measurement, MeasurementEvent)? {
        let key = event.deviceAddress.uppercased()
        if let first = pendingPackets.removeValue(forKey: key), first.event.connectionID == event.connectionID,
            first.event.characteristic == event.characteristic,
            event.receivedAt.timeIntervalSince(first.event.receivedAt) <= Self.packetPairWindow
        {
            var whole = first.part
            whole.multiplePacket = false
            whole.timestamp = whole.timestamp ?? part.timestamp
            whole.userID = whole.userID ?? part.userID
            whole.basalMetabolism = whole.basalMetabolism ?? part.basalMetabolism
            whole.musclePercentageRaw = whole.musclePercentageRaw ?? part.musclePercentageRaw
            whole.muscleMassRaw = whole.muscleMassRaw ?? part.muscleMassRaw
            whole.fatFreeMassRaw = whole.fatFreeMassRaw ?? part.fatFreeMassRaw
            whole.softLeanMassRaw = whole.softLeanMassRaw ?? part.softLeanMassRaw
            whole.bodyWaterMassRaw = whole.bodyWaterMassRaw ?? part.bodyWaterMassRaw
            whole.impedanceRaw = whole.impedanceRaw ?? part.impedanceRaw
            whole.weightRaw = whole.weightRaw ?? part.weightRaw
            whole.heightRaw = whole.heightRaw ?? part.heightRaw
            var joined = first.event
            joined.payload = first.event.payload + event.payload
            return (.bodyComposition(whole), joined)
        }
        pendingPackets[key] = PendingPacket(part: part, event: event)
        return nil
    }
}
