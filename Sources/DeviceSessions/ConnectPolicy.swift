import BlueZ

/// When the hub sends `Connect` to a device and how long one attempt may take. A device that is
/// off must never hold up one that is on: cuffs and scales advertise for only a few seconds after
/// a measurement, and the adapter pages one device at a time (docs/BLUEZ.md, "Connect policy").
public struct ConnectPolicy: Sendable, Hashable {
    /// How recent bluetoothd's last advertising report of a device must be for a connect: a device
    /// advertising after a measurement is reported several times a second while the hub scans
    /// (`DuplicateData`), so one not reported for this long has gone quiet.
    public var advertisementFreshness: Duration
    /// One connect attempt at most; then it is cancelled and counts as a failed attempt.
    public var attemptTimeout: Duration

    /// Creates a policy; the defaults suit cuffs and scales (5 s, `BlueZTimeouts.connectAttempt`).
    public init(advertisementFreshness: Duration = .seconds(5), attemptTimeout: Duration = BlueZTimeouts.connectAttempt) {
        self.advertisementFreshness = advertisementFreshness
        self.attemptTimeout = attemptTimeout
    }
}
