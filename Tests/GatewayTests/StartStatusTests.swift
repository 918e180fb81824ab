import Display
import Foundation
@testable import Gateway
@testable import GatewayStore
import Logging
import Testing

/// The page's status line at start-up, before the forwarder has reported: from what the store remembers.
@Suite("carehubd's status line at start-up")
struct StartStatusTests {
    @Test("not linked without forwarding; offline until a delivery; connected while the last delivery is newer than the last error")
    func fromTheStore() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HubStore.open(path: directory.appendingPathComponent("hub.sqlite").path, logger: Logger(label: "test"))
        defer { try? store.close() }
        #expect(GatewayDaemon.startStatus(forwarding: false, store: store) == .notConnected)
        #expect(GatewayDaemon.startStatus(forwarding: true, store: store) == .offline)

        let at = Date(timeIntervalSince1970: 1_800_000_000)
        try store.recordForwardingError("HTTP 503", at: at)
        try store.write { db in
            try db.execute(sql: "UPDATE forwarding_state SET last_success_at = ? WHERE id = 1",
                           arguments: [at.addingTimeInterval(60)])
        }
        #expect(GatewayDaemon.startStatus(forwarding: true, store: store) == .connected)
        try store.recordForwardingError("timed out", at: at.addingTimeInterval(120))
        #expect(GatewayDaemon.startStatus(forwarding: true, store: store) == .offline)
        #expect(GatewayDaemon.startStatus(forwarding: false, store: store) == .notConnected)
    }
}
