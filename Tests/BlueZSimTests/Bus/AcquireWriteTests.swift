#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import BlueZSim
import DBus
import Testing

@Suite("bluez-sim: AcquireWrite over a real SOCK_SEQPACKET socket", .serialized)
struct AcquireWriteTests {
    static let scenario = """
    {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "commandService": true}]}
    """
    /// 0xFFF0 follows CTS (service002a … desc002d) on the cuff; 0xFFF1 is its first characteristic.
    static let command = cuffPath + "/service002e/char002f"

    @Test("AcquireWrite: fd + MTU, WriteAcquired, datagrams become writes, NotPermitted while held, released on close")
    func acquireWrite() async throws {
        try await SimBus.run(Self.scenario) { sim in
            try await sim.discover()
            try await sim.connectAndResolve(cuffPath)
            #expect(try await sim.property(Self.command, BlueZInterface.characteristic, "UUID")
                    == .string("0000fff1-0000-1000-8000-00805f9b34fb"))
            #expect(try await sim.property(Self.command, BlueZInterface.characteristic, "WriteAcquired") == .boolean(false))
            #expect(await sim.error(bpmPath, BlueZInterface.characteristic, "AcquireWrite", [.stringVariantDict([:])])
                    == .remote(name: "org.bluez.Error.NotSupported", message: "Operation is not supported"))
            let changes = try await sim.propertyChanges()
            let reply = try await sim.call(Self.command, BlueZInterface.characteristic, "AcquireWrite", [.stringVariantDict([:])])
            let handle = try #require(reply.first?.fileDescriptor)
            #expect(reply.dropFirst().first == .uint16(247))
            var type: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            #expect(getsockopt(handle.rawValue, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == Int32(SOCK_SEQPACKET.rawValue))
            try await sim.waitForProperty(changes, path: Self.command, "WriteAcquired", .boolean(true))
            #expect(await sim.error(Self.command, BlueZInterface.characteristic, "AcquireWrite", [.stringVariantDict([:])])
                    == .remote(name: "org.bluez.Error.NotPermitted", message: "Write acquired"))

            for datagram: [UInt8] in [[0x01, 0x02], [0x03]] {
                #expect(datagram.withUnsafeBytes { send(handle.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == datagram.count)
            }
            // Closing our side is HUP for bluetoothd: it releases the acquisition after reading what was sent.
            #expect(shutdown(handle.rawValue, Int32(SHUT_RDWR)) == 0)
            try await sim.waitForProperty(changes, path: Self.command, "WriteAcquired", .boolean(false))
            let writes = await sim.server.withSimulation { sim in sim.writesReceived.map(\.bytes) }
            #expect(writes == [[0x01, 0x02], [0x03]])
        }
    }

    @Test("a link drop hangs up the acquired write socket")
    func hangUpOnDisconnect() async throws {
        try await SimBus.run(Self.scenario) { sim in
            try await sim.discover()
            try await sim.connectAndResolve(cuffPath)
            let reply = try await sim.call(Self.command, BlueZInterface.characteristic, "AcquireWrite", [.stringVariantDict([:])])
            let handle = try #require(reply.first?.fileDescriptor)
            try await sim.call(cuffPath, BlueZInterface.device, "Disconnect")
            var poller = pollfd(fd: handle.rawValue, events: Int16(POLLIN), revents: 0)
            // The socket is already hung up when Disconnect has replied: no waiting needed.
            #expect(poll(&poller, 1, 5000) == 1 && poller.revents & Int16(POLLHUP) != 0)
            #expect(try await sim.property(Self.command, BlueZInterface.characteristic, "WriteAcquired") == .boolean(false))
        }
    }
}
