import BlueZ

extension DeviceManager {
    /// Connects a paired device for a technician's test (`waitForReading`) even if it is not
    /// assigned; at once if it is advertising.
    public func beginTest(address: String) async {
        let address = address.uppercased()
        testSessions.begin(address)
        await reconsider(address: address)
    }

    /// Ends a test session: an unassigned device is disconnected and left alone again.
    public func endTest(address: String) async {
        let address = address.uppercased()
        guard testSessions.end(address) else { return }
        if await wantsConnection(address) { return }
        guard let session = sessions[address] else { return }
        let path = session.path
        endConnection(address, reason: "test finished", cancelTask: true)
        releaseSlot(address)
        if let path, session.isBusy { try? await client.disconnect(device: path, timeout: BlueZTimeouts.call) }
    }

    /// True while `address` is connected for a test only.
    public func isUnderTest(_ address: String) -> Bool {
        testSessions.contains(address.uppercased())
    }
}
