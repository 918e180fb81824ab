import BlueZ
import DBus
import Foundation
import HealthProfiles

/// Why a connection procedure stopped, classified for the retry decision.
enum SessionFailure: Error {
    case bluez(BlueZError)
    /// Services resolved but the expected measurement characteristic never appeared.
    case staleServices(String)
    /// No fresh advertisement (any more): no Connect is sent until the device advertises again.
    case notAdvertising
}

extension DeviceManager {
    /// The connection procedure of one device: connect (serialized per adapter), wait for
    /// ServicesResolved and the expected objects, read info, set the clock, subscribe. Transient
    /// failures are retried with backoff; bond loss stops for good; a vanished object waits for
    /// the next advertisement.
    func runConnection(address: String) async {
        // One slot per connection run, held across retries and while receiving. A slot still
        // recorded for the device belongs to a link that is over.
        releaseSlot(address)
        var adapter = adapterPath
        if let path = sessions[address]?.path, let device = await client.device(at: path) { adapter = device.adapter }
        guard let ticket = await acquireSlot(address, adapter: adapter ?? ObjectPath(stringLiteral: "/")) else { return }
        var receiving = false
        defer { if !receiving { releaseTicket(ticket) } }
        var attempt = 1
        while !Task.isCancelled {
            do {
                try await connectOnce(address: address, attempt: attempt)
                receiving = true
                return
            } catch {
                guard !Task.isCancelled else { return }
                let next = await decideAfterFailure(address: address, error: error, attempt: attempt)
                guard let delay = next else { return }
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    return
                }
                attempt += 1
            }
        }
    }

    /// Returns the backoff delay before another attempt, or nil to stop.
    func decideAfterFailure(address: String, error: Error, attempt: Int) async -> Duration? {
        let path = sessions[address]?.path
        var error = error
        if case let SessionFailure.bluez(bluez) = error, bluez.isObjectMissing, let path, await client.device(at: path) != nil {
            // The device is there but one of its GATT objects is not: a stale cache (firmware update
            // without Service Changed, bluez/bluez#191), not a vanished device.
            error = SessionFailure.staleServices("a GATT object of the device is gone (\(bluez))")
        }
        switch error {
        case SessionFailure.notAdvertising:
            logger.info("not advertising now; connecting at its next advertisement", metadata: ["device": "\(DeviceLogID.of(address))"])
            setState(address, .disconnected(reason: Self.notAdvertisingReason))
            return nil
        case let SessionFailure.bluez(bluez) where bluez.isBondProblem:
            logger.error("bond lost", metadata: ["device": "\(DeviceLogID.of(address))", "error": "\(bluez)"])
            if let path { try? await client.disconnect(device: path, timeout: .seconds(5)) }
            setState(address, .bondLost)
            broadcaster.yield(.bondLost(address: address, advice: Self.bondLostAdvice))
            return nil
        case let SessionFailure.bluez(bluez) where bluez.isObjectMissing:
            // Removed under us (temporary device timed out, adapter gone): next advertisement re-resolves.
            sessions[address]?.path = nil
            setState(address, .disconnected(reason: "device object gone"))
            return nil
        case let SessionFailure.bluez(bluez) where bluez.isTransient && attempt < backoff.maxAttempts:
            if let path {
                if case .inProgress = bluez { try? await client.disconnect(device: path, timeout: .seconds(5)) }
                try? await client.waitForDisconnect(device: path, timeout: .seconds(5))
            }
            let delay = backoff.delay(afterAttempt: attempt)
            logger.info("transient failure, retrying", metadata: ["device": "\(DeviceLogID.of(address))", "error": "\(bluez)", "attempt": "\(attempt)"])
            setState(address, .backoff(attempt: attempt, delay: delay))
            return delay
        case let SessionFailure.staleServices(detail):
            let count = (sessions[address]?.staleResolutions ?? 0) + 1
            sessions[address]?.staleResolutions = count
            if let path { try? await client.disconnect(device: path, timeout: .seconds(5)) }
            if count >= 2 {
                // bluetoothd keeps serving the stale database on every connection: only removing
                // the device (forget, pair again) clears it. Stop until then instead of looping.
                logger.error("services not as expected; waiting for the technician", metadata: ["device": "\(DeviceLogID.of(address))", "detail": "\(detail)"])
                sessions[address]?.needsRepair = true
                broadcaster.yield(.staleServices(address: address, detail: detail + ". " + Self.staleServicesAdvice))
                setState(address, .disconnected(reason: "services not as expected: forget it and pair it again"))
                return nil
            }
            let delay = backoff.delay(afterAttempt: attempt)
            setState(address, .backoff(attempt: attempt, delay: delay))
            return delay
        default:
            logger.error("connection failed", metadata: ["device": "\(DeviceLogID.of(address))", "error": "\(error)"])
            if let path { try? await client.disconnect(device: path, timeout: .seconds(5)) }
            setState(address, .disconnected(reason: "\(error)"))
            return nil
        }
    }

    static let notAdvertisingReason = "not advertising; connects when it advertises"

    static let staleServicesAdvice = "The device's services changed (new firmware?) and bluetoothd keeps the old ones. "
        + "Forget it (`carehub forget`) and pair it again; no readings arrive until then."

    static let bondLostAdvice = "The device no longer accepts this hub's pairing keys (it was reset or paired with "
        + "another phone). Pair it again with `carehub pair`; no readings arrive until then."

    func connectOnce(address: String, attempt: Int) async throws {
        var known = sessions[address]?.path
        if known == nil { known = await client.device(address: address)?.path }
        guard let path = known else { throw SessionFailure.bluez(.notFound(address)) }
        sessions[address]?.path = path
        let device = await client.device(at: path)
        let adapter = device?.adapter ?? adapterPath ?? path
        setState(address, .connecting(attempt: attempt))
        // Only while the device advertises (or its link is up), one page per adapter at a time.
        guard await enterGate(address, adapter: adapter, linkUp: device?.connected == true) else {
            throw SessionFailure.notAdvertising
        }
        do throws(BlueZError) {
            // Bounded: on timeout the client sends Disconnect, which cancels bluetoothd's attempt.
            try await client.connect(device: path, timeout: connectPolicy.attemptTimeout)
        } catch {
            // AlreadyConnected: adopted, a link we (or a crashed predecessor) left up.
            if case .alreadyConnected = error {} else {
                leaveGate(adapter: adapter)
                if case .timeout = error {
                    logger.info("connect attempt timed out; cancelled", metadata: ["device": "\(DeviceLogID.of(address))", "attempt": "\(attempt)"])
                }
                await recordConnect(adapter: adapter, error: error)
                throw SessionFailure.bluez(error)
            }
        }
        leaveGate(adapter: adapter)
        await recordConnect(adapter: adapter, error: nil)
        sessions[address]?.connectionID = nextConnectionID()
        sessions[address]?.valuesThisConnection = 0

        setState(address, .resolvingServices)
        let resolved: Device
        do throws(BlueZError) {
            resolved = try await client.waitForServicesResolved(device: path, timeout: BlueZTimeouts.servicesResolved)
        } catch {
            throw SessionFailure.bluez(error)
        }
        let measurement = try await expectedCharacteristics(device: resolved)

        setState(address, .readingInfo)
        var identity = await readIdentity(path: path)
        identity.advertisedName = identity.advertisedName ?? resolved.name
        let quirks = quirkRegistry.quirks(for: identity)
        sessions[address]?.identity = identity
        sessions[address]?.quirks = quirks
        if let percent = try await readBattery(path: path) {
            batteryLevels[address] = percent
            broadcaster.yield(.batteryLevel(address: address, percent: percent))
        }

        setState(address, .syncingTime)
        try await vendorWrites(path: path, quirks: quirks)
        try await syncClock(path: path, quirks: quirks)
        if quirks.settleBeforeSubscribe > .zero { try await clock.sleep(for: quirks.settleBeforeSubscribe) }

        setState(address, .subscribing)
        for characteristic in measurement {
            guard let kind = SupportedServices.characteristic(characteristic.uuid) else { continue }
            // Route before StartNotify: the first indication can arrive before the reply.
            sessions[address]?.measurementPaths[characteristic.path] = kind
            do throws(BlueZError) {
                try await client.startNotify(characteristic: characteristic.path, timeout: BlueZTimeouts.gatt)
            } catch {
                // InProgress: another StartNotify of ours is pending on this char (sessions survive reconnects).
                if case .inProgress = error {} else { throw SessionFailure.bluez(error) }
            }
        }
        setState(address, .receiving)
        // Only a connection that got this far proves the GATT database right.
        sessions[address]?.staleResolutions = 0
        logger.info("receiving", metadata: ["device": "\(DeviceLogID.of(address))", "connection": "\(sessions[address]?.connectionID ?? 0)",
                                             "quirks": "\(quirks.family)"])
        // The link may have dropped while we were subscribing: end the batch now, not never.
        if await client.device(at: path)?.connected != true {
            endConnection(address, reason: "disconnected while subscribing", cancelTask: false)
        }
    }

    /// The measurement characteristics to subscribe, waiting for each expected one (GATT objects may
    /// be announced just after ServicesResolved). Missing after the wait: stale cache.
    func expectedCharacteristics(device: Device) async throws -> [GattCharacteristic] {
        let expected = SupportedServices.measurements.filter { device.offers(BluetoothUUID($0.service)) }
        var found: [GattCharacteristic] = []
        for (service, characteristic) in expected {
            let uuid = BluetoothUUID(characteristic.rawValue)
            do throws(BlueZError) {
                found.append(try await client.waitForCharacteristic(device: device.path, uuid: uuid, timeout: .seconds(5)))
            } catch {
                if case .timeout = error {
                    throw SessionFailure.staleServices("service 0x\(String(service, radix: 16)) without \(characteristic)")
                }
                throw SessionFailure.bluez(error)
            }
        }
        if found.isEmpty {
            // Unknown advertisement: take every measurement characteristic the database has.
            found = await client.characteristics(of: device.path).filter {
                SupportedServices.characteristic($0.uuid).map(SupportedServices.measurementCharacteristics.contains) == true
            }
        }
        guard !found.isEmpty else { throw SessionFailure.staleServices("no measurement characteristic") }
        return found.filter(\.canSubscribe)
    }
}
