import ControlAPI
import DeviceSessions
import Foundation
import GatewayStore

extension LocalGatewayControl {
    public func pair(address: String, delegate: any PairingDelegate, technician: String) async throws(ControlError) -> ControlDevice {
        let address = try Self.validAddress(address)
        let technician = try Self.validTechnician(technician)
        if let other = pairingAddress {
            throw .busy("Another pairing (\(other)) is running. Wait for it to finish, then try again.")
        }
        pairingAddress = address
        defer { pairingAddress = nil }
        do {
            _ = try await manager.pair(address: address, delegate: delegate, searchTimeout: pairingSearchTimeout, pairedBy: technician)
        } catch {
            throw .pairingFailed(error.description)
        }
        logger.info("device paired", metadata: ["device": "\(DeviceLogID.of(address))"])
        return try await pairedDevice(address)
    }

    public func assign(address: String, patient: String, userIndex: Int?, technician: String) async throws(ControlError) -> ControlDevice {
        let address = try Self.validAddress(address)
        let patient = try Self.validPatient(patient)
        let userIndex = try Self.validUserIndex(userIndex)
        let technician = try Self.validTechnician(technician)
        _ = try await pairedDevice(address)
        do {
            try store.assign(address: address, userIndex: userIndex, patientID: patient, at: now(), by: technician)
        } catch {
            throw .storeFailed("\(error)")
        }
        // Today's advertisement, not the next one: cuffs advertise only briefly after a measurement.
        await manager.reconsider(address: address)
        return try await pairedDevice(address)
    }

    public func forget(address: String, technician: String) async throws(ControlError) {
        let address = try Self.validAddress(address)
        let technician = try Self.validTechnician(technician)
        let device: StoredDevice?
        do {
            device = try store.device(address: address)
        } catch {
            throw .storeFailed("\(error)")
        }
        guard device != nil else { throw .notPaired(address: address) }
        // The store first: once no assignment is active, no advertisement starts a session again.
        do {
            try store.forgetDevice(address: address, at: now(), by: technician)
        } catch {
            throw .storeFailed("\(error)")
        }
        await tap.endTest(address: address)
        do {
            try await manager.forget(address: address)
        } catch {
            throw .bluetoothUnavailable("the bond of \(address) could not be removed (\(error)); run `carehub forget \(address)` again")
        }
        logger.info("device forgotten", metadata: ["device": "\(DeviceLogID.of(address))"])
    }

    public func waitForReading(address: String, timeout: Duration) async throws(ControlError) -> TestReading {
        let address = try Self.validAddress(address)
        let timeout = try Self.validTimeout(timeout)
        let device = try await pairedDevice(address)
        // An assigned device with a pipeline behind the tap is connected as usual; anything else is
        // connected for this test only.
        let testOnly = device.assignments.isEmpty || !tap.stores
        if testOnly { await beginTest(address) }
        let reading = await tap.waitForReading(address: address, timeout: timeout)
        if testOnly { await endTest(address) }
        guard let reading else {
            let seconds = timeout.components.seconds
            throw .timedOut("No reading from \(address) within \(seconds) s. Take a measurement close to the hub "
                + "(cuff: measure; scale: step on it) and try again.")
        }
        return reading
    }

    private func beginTest(_ address: String) async {
        testSessions[address, default: 0] += 1
        guard testSessions[address] == 1 else { return }
        await tap.beginTest(address: address)
        await manager.beginTest(address: address)
    }

    private func endTest(_ address: String) async {
        let remaining = (testSessions[address] ?? 1) - 1
        testSessions[address] = remaining > 0 ? remaining : nil
        guard remaining <= 0 else { return }
        await manager.endTest(address: address)
        await tap.endTest(address: address)
    }
}
