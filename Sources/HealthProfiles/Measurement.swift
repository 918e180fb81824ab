/// A decoded characteristic value: one case per characteristic family.
public enum Measurement: Sendable, Hashable {
    /// 0x2A35.
    case bloodPressure(BloodPressureMeasurement)
    /// 0x2A36 (live cuff pressure; never a stored reading).
    case intermediateCuffPressure(BloodPressureMeasurement)
    /// 0x2A49.
    case bloodPressureFeature(BloodPressureFeature)
    /// 0x2A9D.
    case weight(WeightMeasurement)
    /// 0x2A9E.
    case weightScaleFeature(WeightScaleFeature)
    /// 0x2A9C (one packet).
    case bodyComposition(BodyCompositionMeasurement)
    /// 0x2A9B.
    case bodyCompositionFeature(BodyCompositionFeature)
    /// 0x2A08.
    case dateTime(DateTime)
    /// 0x2A2B.
    case currentTime(CurrentTime)
    /// 0x2A19.
    case batteryLevel(BatteryLevel)
    /// 0x2A24...0x2A29.
    case deviceInformation(DeviceInformationString)
    /// 0x2A23.
    case systemID(SystemID)
    /// 0x2A50.
    case pnpID(PnPID)
    /// 0x2A1C.
    case temperature(TemperatureMeasurement)
    /// 0x2A5E.
    case plxSpotCheck(PLXSpotCheckMeasurement)
    /// 0x2A18.
    case glucose(GlucoseMeasurement)
    /// 0x2A52.
    case recordAccessControlPoint(RecordAccessControlPoint)

    /// The characteristic this value is carried by.
    public var characteristic: Characteristic {
        switch self {
        case .bloodPressure: .bloodPressureMeasurement
        case .intermediateCuffPressure: .intermediateCuffPressure
        case .bloodPressureFeature: .bloodPressureFeature
        case .weight: .weightMeasurement
        case .weightScaleFeature: .weightScaleFeature
        case .bodyComposition: .bodyCompositionMeasurement
        case .bodyCompositionFeature: .bodyCompositionFeature
        case .dateTime: .dateTime
        case .currentTime: .currentTime
        case .batteryLevel: .batteryLevel
        case .deviceInformation(let value):
            switch value.field {
            case .modelNumber: .modelNumberString
            case .serialNumber: .serialNumberString
            case .firmwareRevision: .firmwareRevisionString
            case .hardwareRevision: .hardwareRevisionString
            case .softwareRevision: .softwareRevisionString
            case .manufacturerName: .manufacturerNameString
            }
        case .systemID: .systemID
        case .pnpID: .pnpID
        case .temperature: .temperatureMeasurement
        case .plxSpotCheck: .plxSpotCheckMeasurement
        case .glucose: .glucoseMeasurement
        case .recordAccessControlPoint: .recordAccessControlPoint
        }
    }

    /// The payload bytes that decode back to this value (the encoders; used by the simulator and round trips).
    public func encoded() -> [UInt8] {
        switch self {
        case .bloodPressure(let value), .intermediateCuffPressure(let value): value.encoded()
        case .bloodPressureFeature(let value): value.encoded()
        case .weight(let value): value.encoded()
        case .weightScaleFeature(let value): value.encoded()
        case .bodyComposition(let value): value.encoded()
        case .bodyCompositionFeature(let value): value.encoded()
        case .dateTime(let value): value.encoded()
        case .currentTime(let value): value.encoded()
        case .batteryLevel(let value): value.encoded()
        case .deviceInformation(let value): value.encoded()
        case .systemID(let value): value.encoded()
        case .pnpID(let value): value.encoded()
        case .temperature(let value): value.encoded()
        case .plxSpotCheck(let value): value.encoded()
        case .glucose(let value): value.encoded()
        case .recordAccessControlPoint(let value): value.encoded()
        }
    }
}

/// Decodes one characteristic value from borrowed bytes. Allocation-free for 0x2A35 and the other
/// fixed-layout measurements; never traps on any input.
public func decode(_ characteristic: Characteristic, _ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> Measurement {
    var reader = ByteReader(bytes)
    switch characteristic {
    case .bloodPressureMeasurement: return .bloodPressure(try BloodPressureMeasurement.decode(from: &reader))
    case .intermediateCuffPressure: return .intermediateCuffPressure(try BloodPressureMeasurement.decode(from: &reader))
    case .bloodPressureFeature: return .bloodPressureFeature(try BloodPressureFeature.decode(from: &reader))
    case .weightMeasurement: return .weight(try WeightMeasurement.decode(from: &reader))
    case .weightScaleFeature: return .weightScaleFeature(try WeightScaleFeature.decode(from: &reader))
    case .bodyCompositionMeasurement: return .bodyComposition(try BodyCompositionMeasurement.decode(from: &reader))
    case .bodyCompositionFeature: return .bodyCompositionFeature(try BodyCompositionFeature.decode(from: &reader))
    case .dateTime: return .dateTime(try DateTime.decode(from: &reader))
    case .currentTime: return .currentTime(try CurrentTime.decode(from: &reader))
    case .batteryLevel: return .batteryLevel(try BatteryLevel.decode(from: &reader))
    case .systemID: return .systemID(try SystemID.decode(from: &reader))
    case .pnpID: return .pnpID(try PnPID.decode(from: &reader))
    case .temperatureMeasurement: return .temperature(try TemperatureMeasurement.decode(from: &reader))
    case .plxSpotCheckMeasurement: return .plxSpotCheck(try PLXSpotCheckMeasurement.decode(from: &reader))
    case .glucoseMeasurement: return .glucose(try GlucoseMeasurement.decode(from: &reader))
    case .recordAccessControlPoint: return .recordAccessControlPoint(try RecordAccessControlPoint.decode(from: &reader))
    case .modelNumberString, .serialNumberString, .firmwareRevisionString, .hardwareRevisionString,
         .softwareRevisionString, .manufacturerNameString:
        let field = characteristic.deviceInformationField ?? .modelNumber
        return .deviceInformation(try DeviceInformationString.decode(from: &reader, field: field))
    }
}

/// Decodes one characteristic value from any byte collection (`[UInt8]`, `Data`, slices). Contiguous
/// storage is read in place; other collections are copied once. Inlinable so callers get a specialised copy.
@inlinable
public func decode(_ characteristic: Characteristic, _ bytes: some Collection<UInt8>) throws(DecodeError) -> Measurement {
    let inPlace = bytes.withContiguousStorageIfAvailable { buffer in
        Result { () throws(DecodeError) -> Measurement in try decode(characteristic, UnsafeRawBufferPointer(buffer)) }
    }
    if let inPlace { return try inPlace.get() }
    let copy = Array(bytes)
    return try copy.withUnsafeBytes { buffer in
        Result { () throws(DecodeError) -> Measurement in try decode(characteristic, buffer) }
    }.get()
}
