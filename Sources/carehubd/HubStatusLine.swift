import ControlAPI
import Foundation
import Gateway

/// The one line `systemctl status carehubd` shows (`STATUS=`): devices connected, the last reading,
/// the backlog. No personal data.
enum HubStatusLine {
    /// Session states in which a device is connected (DeviceSessionState's descriptions).
    static let connectedStates: Set<String> = ["resolving services", "reading device information", "syncing time", "subscribing", "receiving"]

    static func text(status: ControlStatus, devices: [ControlDevice], forwarding: Bool, timeZone: TimeZone, now: Date) -> String {
        let assigned = devices.filter { !$0.assignments.isEmpty }.count
        let connected = devices.filter { $0.state.map(connectedStates.contains) ?? false }.count
        var parts: [String] = []
        parts.append(status.bluezRunning ? "\(connected) of \(assigned) assigned devices connected" : "bluetoothd is not running")
        parts.append(status.lastReadingAt.map { "last reading \(time($0, timeZone: timeZone, now: now))" } ?? "no readings yet")
        let readings = status.outboxPending == 1 ? "1 reading" : "\(status.outboxPending) readings"
        parts.append(forwarding ? "\(readings) waiting to be sent" : "\(readings) kept on the hub (no forwarding configured)")
        return parts.joined(separator: "; ")
    }

    /// "14:02" today, else "2025-03-01 14:02", in the hub's time zone.
    static func time(_ date: Date, timeZone: TimeZone, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = calendar.isDate(date, inSameDayAs: now) ? "HH:mm" : "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The line for `control`, or what went wrong asking it.
    static func current(_ control: any GatewayControl, forwarding: Bool, timeZone: TimeZone) async -> String {
        do {
            let status = try await control.status()
            let devices = try await control.devices()
            return text(status: status, devices: devices, forwarding: forwarding, timeZone: timeZone, now: Date())
        } catch {
            return "status unavailable: \(error)"
        }
    }
}
