extension Measurement {
    /// The `type` field of the JSON object.
    public var typeName: String {
        switch self {
        case .bloodPressure: "blood_pressure"
        case .intermediateCuffPressure: "intermediate_cuff_pressure"
        case .bloodPressureFeature: "blood_pressure_feature"
        case .weight: "weight"
        case .weightScaleFeature: "weight_scale_feature"
        case .bodyComposition: "body_composition"
        case .bodyCompositionFeature: "body_composition_feature"
        case .dateTime: "date_time"
        case .currentTime: "current_time"
        case .batteryLevel: "battery_level"
        case .deviceInformation: "device_information"
        case .systemID: "system_id"
        case .pnpID: "pnp_id"
        case .temperature: "temperature"
        case .plxSpotCheck: "plx_spot_check"
        case .glucose: "glucose"
        case .recordAccessControlPoint: "record_access_control_point"
        }
    }

    /// The JSON object `carehub decode` prints (snake_case, stable key order, absent fields left out).
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("characteristic", .string(characteristic.uuidString))
        object.add("type", .string(typeName))
        switch self {
        case .bloodPressure(let value): value.addJSON(to: &object, cuff: false)
        case .intermediateCuffPressure(let value): value.addJSON(to: &object, cuff: true)
        case .bloodPressureFeature(let value):
            for (bit, name) in BloodPressureFeature.names.enumerated() { object.add(name, .bool(value.supports(bit: bit))) }
        case .weight(let value): value.addJSON(to: &object)
        case .weightScaleFeature(let value):
            object.add("time_stamp_supported", .bool(value.timeStampSupported))
            object.add("multiple_users_supported", .bool(value.multipleUsersSupported))
            object.add("bmi_supported", .bool(value.bmiSupported))
            addResolutions(to: &object, mass: value.weightResolutionCode, height: value.heightResolutionCode, prefix: "weight")
        case .bodyComposition(let value): value.addJSON(to: &object)
        case .bodyCompositionFeature(let value):
            for (bit, name) in BodyCompositionFeature.names.enumerated() {
                object.add(name + "_supported", .bool(value.supports(bit: bit)))
            }
            addResolutions(to: &object, mass: value.massResolutionCode, height: value.heightResolutionCode, prefix: "mass")
        case .dateTime(let value): addTimestamp(value, to: &object)
        case .currentTime(let value):
            addTimestamp(value.dateTime, to: &object)
            object.add("day_of_week", .number(value.dayOfWeek))
            object.add("fractions256", .number(value.fractions256))
            object.add("adjust_reason", .object([
                ("manual_time_update", .bool(value.manualTimeUpdate)),
                ("external_reference_time_update", .bool(value.externalReferenceTimeUpdate)),
                ("change_of_time_zone", .bool(value.changeOfTimeZone)),
                ("change_of_dst", .bool(value.changeOfDST)),
            ]))
        case .batteryLevel(let value):
            object.add("unit", .string("%"))
            object.add("level", .number(value.percent))
        case .deviceInformation(let value):
            object.add("field", .string(value.field.rawValue))
            object.add("value", .string(value.value))
        case .systemID(let value):
            object.add("manufacturer_identifier", .number(value.manufacturerIdentifier))
            object.add("organizationally_unique_identifier", .number(value.organizationallyUniqueIdentifier))
        case .pnpID(let value):
            object.add("vendor_id_source", .string(value.vendorIDSourceName))
            object.add("vendor_id", .number(value.vendorID))
            object.add("product_id", .number(value.productID))
            object.add("product_version", .number(value.productVersion))
        case .temperature(let value):
            object.add("unit", .string(value.unit.symbol))
            object.add("temperature", .number(value.temperature))
            if let timestamp = value.timestamp { addTimestamp(timestamp, to: &object) }
            object.add("temperature_type", value.temperatureType.map {
                .string(TemperatureMeasurement.typeNames[Int($0)] ?? "reserved")
            })
        case .plxSpotCheck(let value): value.addJSON(to: &object)
        case .glucose(let value): value.addJSON(to: &object)
        case .recordAccessControlPoint(let value): value.addJSON(to: &object)
        }
        return object.value
    }

    /// `json` rendered compactly on one line.
    public var jsonString: String { json.rendered() }
}

/// Adds `timestamp` ("YYYY-MM-DDTHH:MM:SS" or null when the date is unknown) and, when unknown, `timestamp_raw`.
func addTimestamp(_ value: DateTime, to object: inout JSONObjectBuilder, key: String = "timestamp") {
    guard let text = value.iso8601 else {
        object.add(key, .null)
        object.add(key + "_raw", .object([
            ("year", .number(value.year)), ("month", .number(value.month)), ("day", .number(value.day)),
            ("hour", .number(value.hours)), ("minute", .number(value.minutes)), ("second", .number(value.seconds)),
        ]))
        return
    }
    object.add(key, .string(text))
}

/// Adds `<prefix>_resolution_kg/_lb` and `height_resolution_m/_in`; left out when "not specified".
func addResolutions(to object: inout JSONObjectBuilder, mass: Int, height: Int, prefix: String) {
    if let resolution = Resolution.mass(code: mass) {
        object.add(prefix + "_resolution_kg", .number(resolution.kg))
        object.add(prefix + "_resolution_lb", .number(resolution.lb))
    }
    if let resolution = Resolution.height(code: height) {
        object.add("height_resolution_m", .number(resolution.m))
        object.add("height_resolution_in", .number(resolution.in))
    }
}

/// Names of the set bits, in bit order.
func setBitNames(_ bits: UInt32, _ names: [(bit: Int, name: String)]) -> JSONValue {
    .array(names.filter { bits & (1 << UInt32($0.bit)) != 0 }.map { .string($0.name) })
}

extension BloodPressureMeasurement {
    func addJSON(to object: inout JSONObjectBuilder, cuff: Bool) {
        object.add("unit", .string(unit.symbol))
        if cuff {
            object.add("cuff_pressure", .number(systolic))
        } else {
            object.add("systolic", .number(systolic))
            object.add("diastolic", .number(diastolic))
            object.add("mean_arterial_pressure", .number(meanArterialPressure))
        }
        if let timestamp { addTimestamp(timestamp, to: &object) }
        object.add("pulse_rate", pulseRate.map { .number($0) })
        object.add("user_id", userID.map { .number($0) })
        if let status {
            object.add("measurement_status", .object([
                ("body_movement", .bool(status.bodyMovement)), ("cuff_too_loose", .bool(status.cuffTooLoose)),
                ("irregular_pulse", .bool(status.irregularPulse)), ("pulse_rate_range", .string(status.pulseRateRange.name)),
                ("improper_position", .bool(status.improperPosition)),
            ]))
        }
    }
}

extension WeightMeasurement {
    func addJSON(to object: inout JSONObjectBuilder) {
        object.add("unit", .string(unit.massSymbol))
        object.add("weight", weight.map { .number($0) })
        object.add("measurement_unsuccessful", .bool(measurementUnsuccessful))
        if let timestamp { addTimestamp(timestamp, to: &object) }
        object.add("user_id", userID.map { .number($0) })
        if let bmiAndHeight, let height {
            object.add("bmi", .number(bmiAndHeight.bmi))
            object.add("height", .number(height))
            object.add("height_unit", .string(unit.heightSymbol))
        }
    }
}

extension BodyCompositionMeasurement {
    func addJSON(to object: inout JSONObjectBuilder) {
        object.add("unit", .string(unit.massSymbol))
        object.add("body_fat_percentage", bodyFatPercentage.map { .number($0) })
        object.add("measurement_unsuccessful", .bool(measurementUnsuccessful))
        object.add("multiple_packet", .bool(multiplePacket))
        if let timestamp { addTimestamp(timestamp, to: &object) }
        object.add("user_id", userID.map { .number($0) })
        object.add("basal_metabolism", basalMetabolism.map { .number($0) })
        object.add("muscle_percentage", musclePercentageRaw.map { .number(ExactDecimal(significand: Int64($0), exponent: -1)) })
        object.add("muscle_mass", muscleMassRaw.map { .number(unit.mass(raw: $0)) })
        object.add("fat_free_mass", fatFreeMassRaw.map { .number(unit.mass(raw: $0)) })
        object.add("soft_lean_mass", softLeanMassRaw.map { .number(unit.mass(raw: $0)) })
        object.add("body_water_mass", bodyWaterMassRaw.map { .number(unit.mass(raw: $0)) })
        object.add("impedance", impedanceRaw.map { .number(ExactDecimal(significand: Int64($0), exponent: -1)) })
        object.add("weight", weightRaw.map { .number(unit.mass(raw: $0)) })
        if let heightRaw {
            object.add("height", .number(unit.height(raw: heightRaw)))
            object.add("height_unit", .string(unit.heightSymbol))
        }
    }
}

extension PLXSpotCheckMeasurement {
    func addJSON(to object: inout JSONObjectBuilder) {
        object.add("unit", .string("%"))
        object.add("spo2", .number(spo2))
        object.add("pulse_rate", .number(pulseRate))
        if let timestamp { addTimestamp(timestamp, to: &object) }
        object.add("measurement_status", measurementStatus.map { setBitNames(UInt32($0), Self.measurementStatusNames) })
        object.add("device_and_sensor_status", deviceAndSensorStatus.map {
            setBitNames($0, Self.deviceAndSensorStatusNames.enumerated().map { (bit: $0.offset, name: $0.element) })
        })
        object.add("pulse_amplitude_index", pulseAmplitudeIndex.map { .number($0) })
        object.add("device_clock_not_set", .bool(deviceClockNotSet))
    }
}

extension GlucoseMeasurement {
    func addJSON(to object: inout JSONObjectBuilder) {
        object.add("unit", concentration.map { .string($0.unit.symbol) })
        object.add("sequence_number", .number(sequenceNumber))
        addTimestamp(baseTime, to: &object)
        object.add("time_offset", timeOffset.map { .number($0) })
        if let concentration {
            object.add("concentration", .number(concentration.value))
            object.add("sample_type", .string(Self.typeNames[Int(concentration.type)] ?? "reserved"))
            object.add("sample_location", .string(Self.sampleLocationNames[Int(concentration.sampleLocation)] ?? "reserved"))
        }
        object.add("sensor_status", sensorStatus.map {
            setBitNames(UInt32($0), Self.sensorStatusNames.enumerated().map { (bit: $0.offset, name: $0.element) })
        })
        object.add("context_information_follows", .bool(contextInformationFollows))
    }
}

extension RecordAccessControlPoint {
    func addJSON(to object: inout JSONObjectBuilder) {
        object.add("op_code", .string(Self.opCodeNames[Int(opCode)] ?? "reserved"))
        object.add("operator", .string(Self.operatorNames[Int(operatorValue)] ?? "reserved"))
        if let count = numberOfRecords {
            object.add("number_of_records", .number(count))
        } else if let response {
            object.add("request_op_code", .string(Self.opCodeNames[Int(response.requestOpCode)] ?? "reserved"))
            object.add("response_code", .string(Self.responseCodeNames[Int(response.responseCode)] ?? "reserved"))
        } else if !operand.isEmpty {
            object.add("operand", .string(Hex.string(operand)))
        }
    }
}
