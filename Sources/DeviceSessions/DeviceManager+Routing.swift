import BlueZ
import DBus
import Foundation
import HealthProfiles

extension DeviceManager {
    /// Hands a measurement value to its device's ordered inbox. Values of characteristics we did not
    /// subscribe (reads of DIS/Battery/Current Time, which BlueZ also reports as Value changes) are
    /// not measurements and are dropped here.
    func route(_ path: ObjectPath, _ bytes: [UInt8]) async {
        guard let address = sessions.first(where: { $0.value.owns(path) })?.key,
              let session = sessions[address], let characteristic = session.measurementPaths[path] else { return }
        let event = MeasurementEvent(deviceAddress: address, characteristic: characteristic, payload: bytes,
                                     receivedAt: now(), connectionID: session.connectionID, device: session.identity)
        sessions[address]?.valuesThisConnection += 1
        inbox(for: address).yield(event)
    }

    /// The device's inbox; its single consumer hands the sink everything waiting at once (one value
    /// when values arrive apart, a batch when they queued behind the previous commit), in arrival order.
    func inbox(for address: String) -> DeviceInbox {
        if let inbox = sessions[address]?.inbox { return inbox }
        let inbox = DeviceInbox()
        let sink = self.sink
        let logger = self.logger
        sessions[address]?.inbox = inbox
        sessions[address]?.consumer = Task {
            while let events = await inbox.next() {
                let outcomes: [MeasurementOutcome]
                if events.count == 1, let event = events.first {
                    outcomes = [await sink.handle(event)]
                } else {
                    outcomes = await sink.handle(batch: events)
                }
                for (event, outcome) in zip(events, outcomes) {
                    if case let .rejected(reason) = outcome {
                        logger.warning("value rejected", metadata: ["device": "\(DeviceLogID.of(event.deviceAddress))", "reason": "\(reason)"])
                    }
                }
            }
        }
        return inbox
    }

    /// A characteristic appeared on a receiving device (Service Changed, re-resolved cache):
    /// subscribe it if it is a measurement characteristic we do not have yet.
    func servicesChanged(added characteristic: GattCharacteristic) {
        guard let address = sessions.first(where: { $0.value.owns(characteristic.path) })?.key,
              sessions[address]?.state == .receiving,
              sessions[address]?.measurementPaths[characteristic.path] == nil,
              let kind = SupportedServices.characteristic(characteristic.uuid),
              SupportedServices.measurementCharacteristics.contains(kind), characteristic.canSubscribe else { return }
        sessions[address]?.measurementPaths[characteristic.path] = kind
        let client = self.client
        Task {
            do {
                try await client.startNotify(characteristic: characteristic.path, timeout: BlueZTimeouts.gatt)
            } catch {
                self.logger.warning("re-subscribe after services changed failed", metadata: ["device": "\(DeviceLogID.of(address))", "error": "\(error)"])
            }
        }
    }
}
