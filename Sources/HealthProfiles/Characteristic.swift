/// The GATT characteristics CareHub decodes, by 16-bit UUID.
public enum Characteristic: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Blood Pressure Measurement 0x2A35.
    case bloodPressureMeasurement = 0x2A35
    /// Intermediate Cuff Pressure 0x2A36.
    case intermediateCuffPressure = 0x2A36
    /// Blood Pressure Feature 0x2A49.
    case bloodPressureFeature = 0x2A49
    /// Weight Measurement 0x2A9D.
    case weightMeasurement = 0x2A9D
    /// Weight Scale Feature 0x2A9E.
    case weightScaleFeature = 0x2A9E
    /// Body Composition Measurement 0x2A9C.
    case bodyCompositionMeasurement = 0x2A9C
    /// Body Composition Feature 0x2A9B.
    case bodyCompositionFeature = 0x2A9B
    /// Date Time 0x2A08.
    case dateTime = 0x2A08
    /// Current Time 0x2A2B.
    case currentTime = 0x2A2B
    /// Battery Level 0x2A19.
    case batteryLevel = 0x2A19
    /// System ID 0x2A23.
    case systemID = 0x2A23
    /// Model Number String 0x2A24.
    case modelNumberString = 0x2A24
    /// Serial Number String 0x2A25.
    case serialNumberString = 0x2A25
    /// Firmware Revision String 0x2A26.
    case firmwareRevisionString = 0x2A26
    /// Hardware Revision String 0x2A27.
    case hardwareRevisionString = 0x2A27
    /// Software Revision String 0x2A28.
    case softwareRevisionString = 0x2A28
    /// Manufacturer Name String 0x2A29.
    case manufacturerNameString = 0x2A29
    /// PnP ID 0x2A50.
    case pnpID = 0x2A50
    /// Temperature Measurement 0x2A1C.
    case temperatureMeasurement = 0x2A1C
    /// PLX Spot-check Measurement 0x2A5E.
    case plxSpotCheckMeasurement = 0x2A5E
    /// Glucose Measurement 0x2A18.
    case glucoseMeasurement = 0x2A18
    /// Record Access Control Point 0x2A52.
    case recordAccessControlPoint = 0x2A52

    /// The 16-bit UUID as four upper-case hex digits ("2A35").
    public var uuidString: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The full 128-bit UUID as BlueZ reports it ("00002a35-0000-1000-8000-00805f9b34fb").
    public var uuid128: String { "0000\(uuidString.lowercased())-0000-1000-8000-00805f9b34fb" }

    /// Kebab-case name ("blood-pressure-measurement").
    public var name: String {
        switch self {
        case .bloodPressureMeasurement: "blood-pressure-measurement"
        case .intermediateCuffPressure: "intermediate-cuff-pressure"
        case .bloodPressureFeature: "blood-pressure-feature"
        case .weightMeasurement: "weight-measurement"
        case .weightScaleFeature: "weight-scale-feature"
        case .bodyCompositionMeasurement: "body-composition-measurement"
        case .bodyCompositionFeature: "body-composition-feature"
        case .dateTime: "date-time"
        case .currentTime: "current-time"
        case .batteryLevel: "battery-level"
        case .systemID: "system-id"
        case .modelNumberString: "model-number-string"
        case .serialNumberString: "serial-number-string"
        case .firmwareRevisionString: "firmware-revision-string"
        case .hardwareRevisionString: "hardware-revision-string"
        case .softwareRevisionString: "software-revision-string"
        case .manufacturerNameString: "manufacturer-name-string"
        case .pnpID: "pnp-id"
        case .temperatureMeasurement: "temperature-measurement"
        case .plxSpotCheckMeasurement: "plx-spot-check-measurement"
        case .glucoseMeasurement: "glucose-measurement"
        case .recordAccessControlPoint: "record-access-control-point"
        }
    }

    /// "blood-pressure-measurement (0x2A35)".
    public var description: String { "\(name) (0x\(uuidString))" }

    /// Parses `2A35`, `0x2A35`, `2a35`, the 128-bit SIG form, or a name (`blood-pressure-measurement`,
    /// also with underscores); nil when unknown.
    public init?(parsing text: String) {
        var token = text.trimmingWhitespace().lowercased().replacingUnderscores()
        if token.hasSuffix("-0000-1000-8000-00805f9b34fb"), token.count == 36, token.hasPrefix("0000") {
            token = String(token.dropFirst(4).prefix(4))
        }
        if token.hasPrefix("0x") { token = String(token.dropFirst(2)) }
        if let match = Self.allCases.first(where: { $0.name == token }) {
            self = match
            return
        }
        guard token.count == 4, let value = UInt16(token, radix: 16), let match = Self(rawValue: value) else { return nil }
        self = match
    }

    /// The Device Information string field, for 0x2A24...0x2A29.
    public var deviceInformationField: DeviceInformationField? {
        switch self {
        case .modelNumberString: .modelNumber
        case .serialNumberString: .serialNumber
        case .firmwareRevisionString: .firmwareRevision
        case .hardwareRevisionString: .hardwareRevision
        case .softwareRevisionString: .softwareRevision
        case .manufacturerNameString: .manufacturerName
        default: nil
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
