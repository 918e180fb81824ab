import BlueZ
import DBus
import DeviceSessions

/// The discovery behind `carehub scan`: sets the hub's discovery filter (or none with --all),
/// starts discovery and follows BlueZ's device events (never polling), keeping a `ScanTable`.
actor Scanner {
    let client: any BlueZClient
    let adapter: ObjectPath
    let includeAll: Bool
    let console: Console
    private(set) var table: ScanTable
    private var discovering = false

    init(client: any BlueZClient, adapter: ObjectPath, includeAll: Bool, assigned: Set<String>?, console: Console) {
        self.client = client
        self.adapter = adapter
        self.includeAll = includeAll
        self.console = console
        table = ScanTable(assigned: assigned)
    }

    /// Discovers for `duration` (or until cancelled). Events are subscribed before discovery starts.
    func run(for duration: Duration) async throws(BlueZError) {
        let events = client.events()
        let filter = includeAll
            ? DiscoveryFilter(uuids: [], transport: .le, duplicateData: true) : SupportedServices.discoveryFilter
        try await client.setDiscoveryFilter(adapter: adapter, filter)
        try await client.startDiscovery(adapter: adapter)
        discovering = true
        showTable()
        for device in await client.devices() where device.adapter == adapter && device.rssi != nil {
            see(device, advertising: true)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    switch event {
                    case let .deviceAdded(device):
                        await self.see(device, advertising: device.rssi != nil)
                    case let .deviceChanged(device, changed):
                        await self.see(device, advertising: device.rssi != nil && changed.contains("RSSI"))
                    default:
                        continue
                    }
                }
            }
            group.addTask { try? await Task.sleep(for: duration) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops discovery if this scan started it (bluetoothd keeps discovering for other clients).
    func stop() async {
        guard discovering else { return }
        discovering = false
        try? await client.stopDiscovery(adapter: adapter)
    }

    private func see(_ device: Device, advertising: Bool) {
        guard device.adapter == adapter, includeAll || ServiceNames.isHealthDevice(device) else { return }
        let known = table.rows.contains { $0.address == device.address }
        guard known || advertising else { return }
        if let row = table.update(device), !console.terminal.isInteractive {
            console.line(ScanTable.line(row))
        }
        showTable()
    }

    private func showTable() {
        guard console.terminal.isInteractive else { return }
        console.setBlock(table.tableLines())
    }
}
