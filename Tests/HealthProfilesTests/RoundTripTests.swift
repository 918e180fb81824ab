import Testing
@testable import HealthProfiles

/// Encode → decode round trips over many generated values (seeded, so failures reproduce).
struct RoundTripTests {
    static let iterations = 3_000

    static func roundTrip(_ measurement: Measurement, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = measurement.encoded()
        do {
            let decoded = try decode(measurement.characteristic, bytes)
            #expect(decoded == measurement, "\(Hex.string(bytes))", sourceLocation: sourceLocation)
            #expect(decoded.encoded() == bytes, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(measurement.characteristic) \(Hex.string(bytes)): \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func bloodPressureAndCuff() {
        var rng = SeededGenerator(seed: 0x2A35)
        for _ in 0..<Self.iterations {
            let value = BloodPressureMeasurement(
                unit: Bool.random(using: &rng) ? .mmHg : .kPa, systolic: rng.sfloat(), diastolic: rng.sfloat(),
                meanArterialPressure: rng.sfloat(), timestamp: rng.maybe { $0.dateTime() }, pulseRate: rng.maybe { $0.sfloat() },
                userID: rng.maybe { UInt8.random(in: 0...255, using: &$0) },
                status: rng.maybe { BloodPressureMeasurementStatus(rawValue: UInt16.random(in: 0...0xFFFF, using: &$0)) })
            Self.roundTrip(.bloodPressure(value))
            Self.roundTrip(.intermediateCuffPressure(value))
        }
    }

    @Test func weightAndBodyComposition() {
        var rng = SeededGenerator(seed: 0x2A9D)
        for _ in 0..<Self.iterations {
            let unit: MassUnit = Bool.random(using: &rng) ? .si : .imperial
            let weight = WeightMeasurement(
                unit: unit, weightRaw: UInt16.random(in: 0...0xFFFE, using: &rng), timestamp: rng.maybe { $0.dateTime() },
                userID: rng.maybe { UInt8.random(in: 0...255, using: &$0) },
                bmiAndHeight: rng.maybe { .init(bmiRaw: $0.word(), heightRaw: $0.word()) })
            Self.roundTrip(.weight(weight))
            Self.roundTrip(.weight(WeightMeasurement(unit: unit, weightRaw: 0xFFFF, timestamp: weight.timestamp, userID: weight.userID)))

            var body = BodyCompositionMeasurement(
                unit: unit, bodyFatRaw: UInt16.random(in: 0...0xFFFE, using: &rng), multiplePacket: Bool.random(using: &rng))
            body.timestamp = rng.maybe { $0.dateTime() }
            body.userID = rng.maybe { UInt8.random(in: 0...255, using: &$0) }
            body.basalMetabolism = rng.maybe { $0.word() }
            body.musclePercentageRaw = rng.maybe { $0.word() }
            body.muscleMassRaw = rng.maybe { $0.word() }
            body.fatFreeMassRaw = rng.maybe { $0.word() }
            body.softLeanMassRaw = rng.maybe { $0.word() }
            body.bodyWaterMassRaw = rng.maybe { $0.word() }
            body.impedanceRaw = rng.maybe { $0.word() }
            body.weightRaw = rng.maybe { $0.word() }
            body.heightRaw = rng.maybe { $0.word() }
            Self.roundTrip(.bodyComposition(body))
        }
    }

    @Test func featuresAndSmallCharacteristics() {
        var rng = SeededGenerator(seed: 0x2A49)
        for _ in 0..<Self.iterations {
            Self.roundTrip(.bloodPressureFeature(BloodPressureFeature(rawValue: rng.word())))
            let scale = UInt32.random(in: 0...0xFFFF_FFFF, using: &rng) & ~0x0000_0378
                | UInt32.random(in: 0...7, using: &rng) << 3 | UInt32.random(in: 0...3, using: &rng) << 7
            Self.roundTrip(.weightScaleFeature(WeightScaleFeature(rawValue: scale)))
            let body = UInt32.random(in: 0...0xFFFF_FFFF, using: &rng) & ~0x0003_F800
                | UInt32.random(in: 0...7, using: &rng) << 11 | UInt32.random(in: 0...3, using: &rng) << 15
            Self.roundTrip(.bodyCompositionFeature(BodyCompositionFeature(rawValue: body)))
            Self.roundTrip(.dateTime(rng.dateTime()))
            Self.roundTrip(.currentTime(CurrentTime(
                dateTime: rng.dateTime(), dayOfWeek: UInt8.random(in: 0...7, using: &rng),
                fractions256: UInt8.random(in: 0...255, using: &rng), adjustReason: UInt8.random(in: 0...255, using: &rng))))
            Self.roundTrip(.batteryLevel(BatteryLevel(percent: UInt8.random(in: 0...100, using: &rng))))
            Self.roundTrip(.systemID(SystemID(
                manufacturerIdentifier: UInt64.random(in: 0...0xFF_FFFF_FFFF, using: &rng),
                organizationallyUniqueIdentifier: UInt32.random(in: 0...0xFF_FFFF, using: &rng))))
            Self.roundTrip(.pnpID(PnPID(
                vendorIDSource: UInt8.random(in: 1...2, using: &rng), vendorID: rng.word(), productID: rng.word(), productVersion: rng.word())))
            Self.roundTrip(.recordAccessControlPoint(RecordAccessControlPoint(
                opCode: 6, operatorValue: 0, operand: [UInt8.random(in: 1...4, using: &rng), UInt8.random(in: 1...9, using: &rng)])))
            Self.roundTrip(.recordAccessControlPoint(RecordAccessControlPoint(opCode: 5, operatorValue: 0, operand: [rng.byte(), rng.byte()])))
        }
    }

    @Test func deviceInformationStrings() {
        for text in ["OMRONHEALTHCARE", "UB-1100BLE", "", "v2.1 – ß", "日本語", "a\u{0}b"] {
            for field in DeviceInformationField.allCases {
                Self.roundTrip(.deviceInformation(DeviceInformationString(field: field, value: text)))
            }
        }
    }

    @Test func temperaturePLXGlucose() {
        var rng = SeededGenerator(seed: 0x2A1C)
        for _ in 0..<Self.iterations {
            Self.roundTrip(.temperature(TemperatureMeasurement(
                unit: Bool.random(using: &rng) ? .celsius : .fahrenheit,
                temperature: MedFloat32(bitPattern: UInt32.random(in: 0...0xFFFF_FFFF, using: &rng)),
                timestamp: rng.maybe { $0.dateTime() }, temperatureType: rng.maybe { $0.byte() })))
            Self.roundTrip(.plxSpotCheck(PLXSpotCheckMeasurement(
                spo2: rng.sfloat(), pulseRate: rng.sfloat(), timestamp: rng.maybe { $0.dateTime() },
                measurementStatus: rng.maybe { $0.word() }, deviceAndSensorStatus: rng.maybe { UInt32.random(in: 0...0xFF_FFFF, using: &$0) },
                pulseAmplitudeIndex: rng.maybe { $0.sfloat() }, deviceClockNotSet: Bool.random(using: &rng))))
            Self.roundTrip(.glucose(GlucoseMeasurement(
                sequenceNumber: rng.word(), baseTime: rng.dateTime(), timeOffset: rng.maybe { Int16(bitPattern: $0.word()) },
                concentration: rng.maybe {
                    .init(unit: Bool.random(using: &$0) ? .kilogramPerLitre : .molePerLitre, value: $0.sfloat(),
                          type: UInt8.random(in: 0...15, using: &$0), sampleLocation: UInt8.random(in: 0...15, using: &$0))
                },
                sensorStatus: rng.maybe { $0.word() }, contextInformationFollows: Bool.random(using: &rng))))
        }
    }

    /// decode → encode → decode on random bytes: whatever decodes must re-encode to an equal value.
    @Test(arguments: Characteristic.allCases)
    func randomBytesNeverTrapAndRoundTrip(_ characteristic: Characteristic) {
        var rng = SeededGenerator(seed: UInt64(characteristic.rawValue))
        var decodedCount = 0
        for _ in 0..<Self.iterations {
            let length = Int.random(in: 0...32, using: &rng)
            var bytes = (0..<length).map { _ in rng.byte() }
            if bytes.count > 3, Bool.random(using: &rng) { bytes[3] = 0x07 } // plausible years make dates decode more often
            guard let first = try? decode(characteristic, bytes) else { continue }
            decodedCount += 1
            _ = first.jsonString
            #expect((try? decode(characteristic, first.encoded())) == first, "\(Hex.string(bytes))")
        }
        #expect(decodedCount >= 0)
    }
}

extension SeededGenerator {
    mutating func byte() -> UInt8 { UInt8.random(in: 0...255, using: &self) }
    mutating func word() -> UInt16 { UInt16.random(in: 0...0xFFFF, using: &self) }
    mutating func sfloat() -> MedFloat16 { MedFloat16(bitPattern: word()) }
    mutating func maybe<T>(_ make: (inout SeededGenerator) -> T) -> T? { Bool.random(using: &self) ? make(&self) : nil }
    mutating func dateTime() -> DateTime {
        let unknown = UInt8.random(in: 0...9, using: &self) == 0
        return DateTime(
            year: unknown ? 0 : UInt16.random(in: 1582...9999, using: &self), month: UInt8.random(in: 0...12, using: &self),
            day: UInt8.random(in: 0...28, using: &self), hours: UInt8.random(in: 0...23, using: &self),
            minutes: UInt8.random(in: 0...59, using: &self), seconds: UInt8.random(in: 0...59, using: &self))
    }
}
