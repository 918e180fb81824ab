import Foundation

/// When bluetoothd last reported each device advertising (hub clock), from live signals only
/// (`BlueZEvent.advertised`): a cached RSSI from GetManagedObjects says nothing about now. Pure;
/// the device manager feeds it and asks it before every connect.
struct AdvertisementLog {
    /// Reports older than this no longer count.
    let freshness: TimeInterval
    private var lastSeen: [String: Date] = [:]

    init(freshness: Duration) {
        self.freshness = Double(freshness.components.seconds) + Double(freshness.components.attoseconds) * 1e-18
    }

    /// The device advertised at `now`.
    mutating func record(_ address: String, at now: Date) {
        lastSeen[address] = now
        // Neighbours' devices pass by too: keep only what could still count.
        if lastSeen.count > 256 { lastSeen = lastSeen.filter { now.timeIntervalSince($0.value) <= freshness } }
    }

    /// When the device last advertised, if its report is still fresh at `now`.
    func freshReport(_ address: String, at now: Date) -> Date? {
        guard let seen = lastSeen[address], now.timeIntervalSince(seen) <= freshness else { return nil }
        return seen
    }

    /// True when the device advertised within the freshness window before `now`.
    func isFresh(_ address: String, at now: Date) -> Bool {
        freshReport(address, at: now) != nil
    }

    mutating func forget(_ address: String) {
        lastSeen[address] = nil
    }
}
