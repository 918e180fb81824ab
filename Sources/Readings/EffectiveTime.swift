import Foundation
import GatewayStore
import HealthProfiles

/// When a reading was measured, on the hub's timeline (FHIR `effective[x]`), and the device's own
/// clock reading kept for the duplicate key and the PHD identifier.
///
/// The rule (also in docs/PIPELINE.md):
/// - no device timestamp, or its date marked unknown (year, month or day 0) → hub receive time;
/// - a device timestamp (local wall clock, read in the hub's time zone) within
///   [receivedAt − `maxDeviceTimeAge`, receivedAt + `maxDeviceTimeLead`] → the device time;
/// - outside that window (clock reset to 2000/2010, wrong year, far drift) → hub receive time. The
///   device's text is still stored and used for the duplicate key: it is what the device will resend.
package struct EffectiveTime: Sendable, Hashable {
    /// The measurement time used for triage, trends and FHIR.
    package var effective: Date
    /// The device's wall clock when it sent a known date; nil otherwise.
    package var deviceClock: DeviceWallClock?
    /// True when `effective` is the device's time, false when it is the hub receive time.
    package var fromDevice: Bool

    package static func resolve(
        device: DateTime?, receivedAt: Date, configuration: PipelineConfiguration, calendar: Calendar
    ) -> EffectiveTime {
        guard let device, let text = device.iso8601, let clock = DeviceWallClock(text) else {
            return EffectiveTime(effective: receivedAt, deviceClock: nil, fromDevice: false)
        }
        let components = DateComponents(
            year: clock.year, month: clock.month, day: clock.day, hour: clock.hour, minute: clock.minute,
            second: clock.second)
        // A wall time skipped by a DST change has no instant; Calendar then picks the next valid one.
        guard let instant = calendar.date(from: components),
            instant >= receivedAt.addingTimeInterval(-configuration.maxDeviceTimeAge),
            instant <= receivedAt.addingTimeInterval(configuration.maxDeviceTimeLead)
        else {
            return EffectiveTime(effective: receivedAt, deviceClock: clock, fromDevice: false)
        }
        return EffectiveTime(effective: instant, deviceClock: clock, fromDevice: true)
    }
}
