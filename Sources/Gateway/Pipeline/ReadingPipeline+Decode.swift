import Foundation
import HealthProfiles

extension ReadingPipeline {
    /// The one place a received payload is decoded. The device quirks registry hooks in here
    /// (`event.device` says which device it is); the raw payload is stored unchanged whatever it does.
    static func decode(_ event: MeasurementEvent) throws(DecodeError) -> HealthProfiles.Measurement {
        try HealthProfiles.decode(event.characteristic, event.payload)
    }
}
