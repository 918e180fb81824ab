import BlueZ
import ControlAPI
import DBus
import Foundation
import GatewayStore

extension DeviceManager {
    /// Pairs a device for a technician: finds it (discovery must be running: `run()`), pairs through
    /// the hub's agent (passkey/confirmation go to `delegate`), trusts it, reads Device Information,
    /// saves it in the registry and disconnects. The device is connected for readings only once it is
    /// assigned. Failures come back in plain words (`PairingFailure.description`).
    public func pair(
        address: String, delegate: any PairingDelegate, searchTimeout: Duration = .seconds(30), pairedBy: String
    ) async throws(PairingFailure) -> StoredDevice {
        let address = address.uppercased()
        pairing.insert(address)
        await agentRouter.begin(address: address, delegate: delegate)
        defer { pairing.remove(address) }
        do {
            let stored = try await pairSteps(address: address, delegate: delegate, searchTimeout: searchTimeout, pairedBy: pairedBy)
            await agentRouter.end()
            return stored
        } catch {
            await agentRouter.end()
            broadcaster.yield(.pairing(address: address, message: error.description))
            await delegate.progress(error.description)
            throw error
        }
    }

    private func say(_ address: String, _ message: String, _ delegate: any PairingDelegate) async {
        broadcaster.yield(.pairing(address: address, message: message))
        await delegate.progress(message)
    }

    private func pairSteps(
        address: String, delegate: any PairingDelegate, searchTimeout: Duration, pairedBy: String
    ) async throws(PairingFailure) -> StoredDevice {
        guard await client.isBlueZRunning() else { throw .bluetoothUnavailable("bluetoothd is not running") }
        // A technician may be quicker than start-up (or than an adapter that just came back).
        if adapterPath == nil { await setUpAdapter() }
        guard adapterPath != nil else { throw .bluetoothUnavailable("no powered Bluetooth adapter") }
        // Stop a running session of this device (e.g. bond lost) while the technician pairs.
        sessions[address]?.task?.cancel()
        await say(address, "Looking for the device…", delegate)
        var device = try await find(address: address, timeout: searchTimeout)
        var hint = quirkRegistry.quirks(for: DeviceIdentity(advertisedName: device.name)).pairingHint
        await say(address, "Found \(device.name ?? address). Pairing…", delegate)
        do {
            try await client.pair(device: device.path, timeout: BlueZTimeouts.pair)
        } catch .alreadyExists {
            // bluetoothd still holds keys the device has forgotten (bond lost): drop them and pair afresh.
            await say(address, "Removing the old pairing keys…", delegate)
            try? await client.removeDevice(device.path, timeout: BlueZTimeouts.call)
            // The reply can come before our view has dropped the object: finding the address then
            // would return the removed object and Pair would fail with UnknownObject.
            try? await client.waitForRemoval(device: device.path, timeout: .seconds(5))
            device = try await find(address: address, timeout: searchTimeout)
            hint = quirkRegistry.quirks(for: DeviceIdentity(advertisedName: device.name)).pairingHint
            do {
                try await client.pair(device: device.path, timeout: BlueZTimeouts.pair)
            } catch {
                throw PairingFailure.from(error, hint: hint)
            }
        } catch {
            throw PairingFailure.from(error, hint: hint)
        }
        do {
            try await client.setTrusted(device: device.path, true, timeout: BlueZTimeouts.call)
        } catch {
            throw .other("could not mark the device trusted: \(error)")
        }
        await say(address, "Paired. Reading the device's details…", delegate)
        let identity = await identityAfterPairing(device.path)
        let stored = StoredDevice(
            address: address, kind: Self.kind(of: await client.device(at: device.path) ?? device), model: identity.model,
            manufacturer: identity.manufacturer, serial: identity.serial, firmware: identity.firmware,
            pairedAt: now(), pairedBy: pairedBy)
        do {
            try await registry.savePaired(stored)
        } catch {
            throw .storeFailed("\(error)")
        }
        // A fresh bond: the session may connect again once the device is assigned.
        if sessions[address] != nil {
            sessions[address]?.task = nil
            sessions[address]?.needsRepair = false
            sessions[address]?.staleResolutions = 0
            setState(address, .seen)
        }
        try? await client.disconnect(device: device.path, timeout: BlueZTimeouts.call)
        await say(address, "Done: \(identity.model ?? device.name ?? address) is paired. Assign it to the patient next.", delegate)
        return stored
    }

    private func find(address: String, timeout: Duration) async throws(PairingFailure) -> Device {
        if let device = await client.device(address: address), device.adapter == adapterPath { return device }
        do {
            return try await client.waitForDevice(address: address, timeout: timeout)
        } catch {
            let seconds = Int(timeout.components.seconds)
            throw .notFound(address: address, seconds: seconds, hint: "Make sure it is switched on, close to the hub and in pairing mode.")
        }
    }

    /// Device Information read over the link Pair() left up (connecting if it dropped). Best effort.
    private func identityAfterPairing(_ path: ObjectPath) async -> DeviceIdentity {
        if await client.device(at: path)?.connected != true {
            try? await client.connect(device: path, timeout: BlueZTimeouts.connect)
        }
        guard (try? await client.waitForServicesResolved(device: path, timeout: .seconds(10))) != nil else {
            return DeviceIdentity(advertisedName: await client.device(at: path)?.name)
        }
        return await readIdentity(path: path)
    }

    static func kind(of device: Device) -> DeviceKind {
        if device.offers(BluetoothUUID(UInt16(0x1810))) { return .cuff }
        if device.offers(BluetoothUUID(UInt16(0x181D))) || device.offers(BluetoothUUID(UInt16(0x181B))) { return .scale }
        return .other
    }
}

extension DeviceManager {
    /// The org.bluez owners the pairing agent registered with (current one first), nil without agent.
    public func agentRegistrations() async -> AsyncStream<String>? {
        await agent?.registrations()
    }
}
