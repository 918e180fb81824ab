/// PLX Spot-check Measurement 0x2A5E (Pulse Oximeter Service): SpO2 (%) and pulse rate (bpm) as SFLOAT.
public struct PLXSpotCheckMeasurement: Sendable, Hashable {
    /// Measurement Status names for bits 5...15 (bits 0-4 RFU).
    public static let measurementStatusNames: [(bit: Int, name: String)] = [
        (5, "measurement_ongoing"), (6, "early_estimated_data"), (7, "validated_data"), (8, "fully_qualified_data"),
        (9, "data_from_measurement_storage"), (10, "data_for_demonstration"), (11, "data_for_testing"),
        (12, "calibration_ongoing"), (13, "measurement_unavailable"), (14, "questionable_measurement_detected"),
        (15, "invalid_measurement_detected"),
    ]
    /// Device and Sensor Status names for bits 0...15 (bits 16-23 RFU).
    public static let deviceAndSensorStatusNames = [
        "extended_display_update_ongoing", "equipment_malfunction_detected", "signal_processing_irregularity_detected",
        "inadequate_signal_detected", "poor_signal_detected", "low_perfusion_detected", "erratic_signal_detected",
        "nonpulsatile_signal_detected", "questionable_pulse_detected", "signal_analysis_ongoing",
        "sensor_interference_detected", "sensor_unconnected_to_user", "unknown_sensor_connected", "sensor_displaced",
        "sensor_malfunctioning", "sensor_disconnected",
    ]

    /// SpO2 in percent.
    public var spo2: MedFloat16
    /// Pulse rate in beats per minute.
    public var pulseRate: MedFloat16
    /// Device time stamp (flags bit 0).
    public var timestamp: DateTime?
    /// Measurement Status bits (flags bit 1).
    public var measurementStatus: UInt16?
    /// Device and Sensor Status bits, 24 bits (flags bit 2).
    public var deviceAndSensorStatus: UInt32?
    /// Pulse amplitude index in percent (flags bit 3).
    public var pulseAmplitudeIndex: MedFloat16?
    /// Device clock is not set (flags bit 4).
    public var deviceClockNotSet: Bool

    /// Creates a measurement.
    public init(
        spo2: MedFloat16, pulseRate: MedFloat16, timestamp: DateTime? = nil, measurementStatus: UInt16? = nil,
        deviceAndSensorStatus: UInt32? = nil, pulseAmplitudeIndex: MedFloat16? = nil, deviceClockNotSet: Bool = false
    ) {
        self.spo2 = spo2
        self.pulseRate = pulseRate
        self.timestamp = timestamp
        self.measurementStatus = measurementStatus
        self.deviceAndSensorStatus = deviceAndSensorStatus
        self.pulseAmplitudeIndex = pulseAmplitudeIndex
        self.deviceClockNotSet = deviceClockNotSet
    }

    /// Decodes a whole payload (5...19 bytes). RFU flag bits 5-7 ignored.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> PLXSpotCheckMeasurement {
        let flags = try reader.readUInt8("flags")
        var value = PLXSpotCheckMeasurement(
            spo2: try reader.readSFloat("spo2"), pulseRate: try reader.readSFloat("pulse_rate"),
            deviceClockNotSet: flags & 0x10 != 0)
        if flags & 0x01 != 0 { value.timestamp = try DateTime.read(from: &reader, field: "timestamp") }
        if flags & 0x02 != 0 { value.measurementStatus = try reader.readUInt16("measurement_status") }
        if flags & 0x04 != 0 { value.deviceAndSensorStatus = try reader.readUInt24("device_and_sensor_status") }
        if flags & 0x08 != 0 { value.pulseAmplitudeIndex = try reader.readSFloat("pulse_amplitude_index") }
        try reader.finish()
        return value
    }

    /// Encodes the payload.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = deviceClockNotSet ? 0x10 : 0
        if timestamp != nil { flags |= 0x01 }
        if measurementStatus != nil { flags |= 0x02 }
        if deviceAndSensorStatus != nil { flags |= 0x04 }
        if pulseAmplitudeIndex != nil { flags |= 0x08 }
        var writer = ByteWriter(capacity: 19)
        writer.write(flags)
        writer.write(spo2)
        writer.write(pulseRate)
        timestamp?.write(to: &writer)
        if let measurementStatus { writer.write(measurementStatus) }
        if let deviceAndSensorStatus { writer.write(UInt64(deviceAndSensorStatus), count: 3) }
        if let pulseAmplitudeIndex { writer.write(pulseAmplitudeIndex) }
        return writer.bytes
    }
}
