import HealthProfiles
import Testing
@testable import FHIR

/// Every reading kind, from payloads of fixtures/payloads (ids named): main MDC and LOINC codes,
/// UCUM code and the exact value text, profiles and categories.
struct ReadingKindTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var characteristic: Characteristic
        var hex: String
        /// (MDC, LOINC or nil, UCUM or nil, value text or data-absent-reason, vital-signs profile or nil)
        var observations: [(Int, String?, String?, String, String?)]
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "bpm-spezi-basic-mmhg", characteristic: .bloodPressureMeasurement, hex: "00B5F425F33C00",
             observations: [(150_020, "85354-9", nil, "components", "bp")]),
        Case(fixture: "bpm-nrftoolbox-all-flags-kpa", characteristic: .bloodPressureMeasurement,
             hex: "1F790051006A00E40705150A1E2D4800010600",
             observations: [(150_020, "85354-9", nil, "components", nil), (149_546, "8867-4", "/min", "72", "heartrate"),
                            (8_410_608, nil, nil, "bits", nil)]),
        Case(fixture: "wm-bsp-basic", characteristic: .weightMeasurement, hex: "00B036",
             observations: [(188_736, "29463-7", "kg", "70.000", "bodyweight")]),
        Case(fixture: "wm-bsp-bmi-height", characteristic: .weightMeasurement, hex: "08B036F500D606",
             observations: [(188_736, "29463-7", "kg", "70.000", "bodyweight"), (188_752, "39156-5", "kg/m2", "24.5", "bmi"),
                            (188_740, "8302-2", "cm", "175.0", "bodyheight")]),
        Case(fixture: "weight unsuccessful (spec: raw 0xFFFF)", characteristic: .weightMeasurement, hex: "00FFFF",
             observations: [(188_736, "29463-7", nil, "error", "bodyweight")]),
        Case(fixture: "imperial weight (spec: 0.01 lb; 15000 = 150.00 lb)", characteristic: .weightMeasurement, hex: "01983A",
             observations: [(188_736, "29463-7", "[lb_av]", "150.00", "bodyweight")]),
        Case(fixture: "bcm-bsp-mass-fields", characteristic: .bodyCompositionMeasurement, hex: "C0015000E02E1027401F",
             observations: [(188_748, "41982-0", "%", "8.0", nil)]),
        Case(fixture: "bcm-bsp-imperial", characteristic: .bodyCompositionMeasurement, hex: "01007800",
             observations: [(188_748, "41982-0", "%", "12.0", nil)]),
        Case(fixture: "temp-nordic-finger", characteristic: .temperatureMeasurement, hex: "06B00E00FEDC070C050B321B04",
             observations: [(150_364, "8310-5", "Cel", "37.60", "bodytemp")]),
        Case(fixture: "temp-bsp-float-nan", characteristic: .temperatureMeasurement, hex: "00FFFF7F00",
             observations: [(150_364, "8310-5", nil, "not-a-number", "bodytemp")]),
        Case(fixture: "temp-bsp-float-plus-inf", characteristic: .temperatureMeasurement, hex: "00FEFF7F00",
             observations: [(150_364, "8310-5", nil, "positive-infinity", "bodytemp")]),
        Case(fixture: "plx-minimal", characteristic: .plxSpotCheckMeasurement, hex: "0062004800",
             observations: [(150_456, "2708-6", "%", "98", "oxygensat"), (149_530, "8867-4", "/min", "72", "heartrate")]),
        Case(fixture: "plx-nan", characteristic: .plxSpotCheckMeasurement, hex: "00FF07FF07",
             observations: [(150_456, "2708-6", nil, "not-a-number", "oxygensat"), (149_530, "8867-4", nil, "not-a-number", "heartrate")]),
        Case(fixture: "glucose-mol-per-litre", characteristic: .glucoseMeasurement, hex: "060600E8070B17071E0037C0F1",
             observations: [(160_184, "15074-8", "mmol/L", "5.5", nil)]),
        Case(fixture: "glucose-kg-per-litre-finger", characteristic: .glucoseMeasurement, hex: "020700E8070B17071E005FB011",
             observations: [(160_184, "2339-0", "mg/dL", "95", nil)]),
        Case(fixture: "glucose-minimal (no concentration)", characteristic: .glucoseMeasurement, hex: "000500E8070B17071E00",
             observations: [(160_364, "2339-0", nil, "error", nil)]),
    ]

    @Test(arguments: cases)
    func kind(_ test: Case) throws {
        let measurement = try Fixtures.measurement(test.characteristic, test.hex)
        var input = try Fixtures.weight(assessment: nil)
        input.measurement = measurement
        let codes = try PhdMapping.observationCodes(for: measurement)
        #expect(codes == test.observations.map(\.0).filter { $0 != 8_410_608 })
        let main = "D80BCB112233-\(Fixtures.patient)-\(codes[0])-r1.000"
        let bundle = try Fixtures.bundle([(input, main)]).bundle
        for (mdc, loinc, ucum, value, vitalSigns) in test.observations {
            let observation = try #require(bundle.observation(mdc: mdc), "MDC \(mdc)")
            #expect(observation.code.coding?.first?.system == "urn:iso:std:iso:11073:10101")
            #expect(observation.code.coding?.dropFirst().first?.code == loinc)
            #expect(observation.valueQuantity?.code == ucum)
            switch value {
            case "components": #expect(observation.component?.count == 3)
            case "bits": #expect(observation.component?.count == 6)
            case "error", "not-a-number", "positive-infinity", "negative-infinity":
                #expect(observation.valueQuantity == nil)
                #expect(observation.dataAbsentReason?.coding?.first?.code == value)
            default: #expect(observation.valueQuantity?.value?.text == value)
            }
            let profiles = observation.meta?.profile ?? []
            #expect(profiles.first?.hasPrefix("http://hl7.org/fhir/uv/phd/StructureDefinition/Phd") == true)
            #expect(profiles.dropFirst().first == vitalSigns.map { "http://hl7.org/fhir/StructureDefinition/\($0)" })
            let categories = observation.category?.compactMap { $0.coding?.first?.code }
            #expect(categories == (vitalSigns == nil ? ["phd"] : ["vital-signs", "phd"]))
            #expect(observation.identifier?.first?.value == "D80BCB112233-\(Fixtures.patient)-\(mdc)-r1.000")
        }
    }

    /// Values that are not readings (the pipeline's rules) are refused with a clear error.
    @Test("not forwarded", arguments: [
        (Characteristic.batteryLevel, "64"), (.intermediateCuffPressure, "00B5F425F33C00"), (.dateTime, "E907030E072A0A"),
        (.bodyCompositionMeasurement, "0010C800"),  // multiple-packet flag
        (.plxSpotCheckMeasurement, "02620048000004"),  // measurement status bit 10: demonstration
        (.glucoseMeasurement, "020700E8070B17071E005FB01A"),  // type 10: control solution
    ])
    func notForwarded(_ characteristic: Characteristic, _ hex: String) throws {
        let measurement = try Fixtures.measurement(characteristic, hex)
        #expect(!PhdMapping.forwards(measurement))
        var input = try Fixtures.weight(assessment: nil)
        input.measurement = measurement
        #expect(throws: FHIRMappingError.self) { try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.weightIdentifier) }
    }
}
