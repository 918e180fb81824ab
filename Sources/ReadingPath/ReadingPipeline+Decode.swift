import DeviceSessions
import Foundation
import HealthProfiles

extension ReadingPipeline {
    /// The one place a received payload is decoded: through the quirks of the device that sent it
    /// (`event.device`), so a Beurer cuff's big-endian pulse or a vendor frame on a SIG UUID is read
    /// right or refused, never misread. The raw payload is stored unchanged whatever the quirks do.
    /// The quirks come from the registry the pipeline was given (the daemon's one registry).
    func decode(_ event: MeasurementEvent) throws(DecodeError) -> HealthProfiles.Measurement {
        try quirks.quirks(for: event.device).decode(event.characteristic, event.payload)
    }
}
