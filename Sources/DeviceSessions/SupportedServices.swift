import BlueZ
import HealthProfiles

/// The health services the hub discovers and the measurement characteristic each carries.
public enum SupportedServices {
    /// (service, measurement characteristic) pairs: BP, weight scale, body composition,
    /// health thermometer, pulse oximeter, glucose.
    public static let measurements: [(service: UInt16, characteristic: Characteristic)] = [
        (0x1810, .bloodPressureMeasurement), (0x181D, .weightMeasurement), (0x181B, .bodyCompositionMeasurement),
        (0x1809, .temperatureMeasurement), (0x1822, .plxSpotCheckMeasurement), (0x1808, .glucoseMeasurement),
    ]

    /// Service UUIDs for the discovery filter.
    public static var serviceUUIDs: [BluetoothUUID] { measurements.map { BluetoothUUID($0.service) } }

    /// The discovery filter: our services, LE only, every advertisement reported (returning devices).
    public static var discoveryFilter: DiscoveryFilter {
        DiscoveryFilter(uuids: serviceUUIDs, transport: .le, duplicateData: true)
    }

    /// The measurement characteristics whose values go to the pipeline.
    public static let measurementCharacteristics: Set<Characteristic> = Set(measurements.map(\.characteristic))

    /// The characteristic a BlueZ UUID stands for, if it is one we decode.
    static func characteristic(_ uuid: BluetoothUUID) -> Characteristic? {
        Characteristic(parsing: uuid.string)
    }
}
