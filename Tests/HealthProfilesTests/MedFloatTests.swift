import Testing
@testable import HealthProfiles

/// SFLOAT/FLOAT tables. Provenance: gatt-spec.md §1 (PureSwift SFloatTests, Nordic BPM/HTS tests, obniz doc comments).
struct MedFloatTests {
    static let sfloatTable: [(UInt16, String, String)] = [
        (0x0072, "114", "PureSwift SFloatTests"),
        (0xFF5E, "-16.2", "PureSwift SFloatTests"),
        (0x2024, "3600", "PureSwift SFloatTests"),
        (0x008A, "138", "Nordic BPM test"),
        (0xF0BD, "18.9", "Nordic BPM test: 189e-1, not 18.899999"),
        (0x0080, "128", "obniz UA-651BLE comment"),
        (0xF0B0, "17.6", "obniz UA-651BLE comment (exponent must be sign-extended)"),
        (0xF4B5, "120.5", "Spezi BPM test"),
        (0xE366, "8.7", "Spezi PLX test: 870e-2"),
        (0xC037, "0.0055", "5.5 mmol/L in mol/L"),
        (0x8001, "0.00000001", "smallest exponent"),
        (0x77FD, "20450000000", "largest finite"),
        (0x0000, "0", "zero"),
        (0x0FFF, "-1", "mantissa -1"),
        (0x17FF, "20470", "mantissa 2047 is finite when the exponent is not 0"),
        (0x07FF, "NaN", "special"), (0x0800, "NRes", "special"), (0x07FE, "+INF", "special"),
        (0x0802, "-INF", "special"), (0x0801, "reserved", "special"),
    ]

    @Test("SFLOAT decodes to the exact decimal", arguments: sfloatTable)
    func sfloat(bits: UInt16, text: String, source: String) {
        #expect(MedFloat16(bitPattern: bits).description == text, "\(source)")
    }

    @Test func sfloatFields() {
        let value = MedFloat16(bitPattern: 0xF0BD)
        #expect(value.mantissa == 189)
        #expect(value.exponent == -1)
        #expect(value.decimal == ExactDecimal(significand: 189, exponent: -1))
        #expect(value.doubleValue == 18.9)
        #expect(MedFloat16(bitPattern: 0xFF5E).mantissa == -162)
        #expect(MedFloat16(bitPattern: 0x8001).exponent == -8)
    }

    @Test func sfloatSpecials() {
        #expect(MedFloat16(bitPattern: 0x07FF).special == .nan)
        #expect(MedFloat16(bitPattern: 0x0800).special == .nres)
        #expect(MedFloat16(bitPattern: 0x07FE).special == .positiveInfinity)
        #expect(MedFloat16(bitPattern: 0x0802).special == .negativeInfinity)
        #expect(MedFloat16(bitPattern: 0x0801).special == .reserved)
        #expect(MedFloat16(bitPattern: 0x07FE).doubleValue == .infinity)
        #expect(MedFloat16(bitPattern: 0x0802).doubleValue == -.infinity)
        #expect(MedFloat16(bitPattern: 0x0800).doubleValue.isNaN)
        #expect(MedFloat16(bitPattern: 0x07FE).decimal == nil)
        for special in MedFloatSpecial.allCases {
            #expect(MedFloat16(special).special == special)
            #expect(MedFloat32(special).special == special)
        }
    }

    @Test func sfloatEncoderNeverProducesSpecials() {
        for mantissa in -2048...2047 {
            for exponent in -8...7 {
                guard let value = MedFloat16(mantissa: mantissa, exponent: exponent) else {
                    #expect(exponent == 0 && (mantissa >= 2046 || mantissa <= -2046))
                    continue
                }
                #expect(value.special == nil)
                #expect(Int(value.mantissa) == mantissa && Int(value.exponent) == exponent)
            }
        }
        #expect(MedFloat16(mantissa: 2048, exponent: 1) == nil)
        #expect(MedFloat16(mantissa: 1, exponent: 8) == nil)
        #expect(MedFloat16(mantissa: 1, exponent: -9) == nil)
    }

    @Test func sfloatFromDouble() {
        #expect(MedFloat16(18.9, exponent: -1)?.bitPattern == 0xF0BD)
        #expect(MedFloat16(120.5, exponent: -1)?.bitPattern == 0xF4B5)
        #expect(MedFloat16(138, exponent: 0)?.bitPattern == 0x008A)
        #expect(MedFloat16(3600, exponent: 2)?.bitPattern == 0x2024)
        #expect(MedFloat16(-16.2, exponent: -1)?.bitPattern == 0xFF5E)
        #expect(MedFloat16(2047, exponent: 0) == nil, "would be NaN")
        #expect(MedFloat16(2046, exponent: 0) == nil, "would be +INF")
        #expect(MedFloat16(-2046, exponent: 0) == nil, "would be -INF")
        #expect(MedFloat16(1e9, exponent: 0) == nil)
        #expect(MedFloat16(.nan, exponent: 0) == nil)
        #expect(MedFloat16(.infinity, exponent: 0) == nil)
    }

    static let floatTable: [(UInt32, String, String)] = [
        (0xFE00_0EB0, "37.6", "Nordic HTS test: 3760e-2"),
        (0xFF00_03DA, "98.6", "986e-1"),
        (0xFFFF_FFC9, "-5.5", "mantissa -55"),
        (0x0000_0000, "0", "zero"),
        (0x0200_0001, "100", "1e2"),
        (0x7F00_0001, "1e127", "huge exponent stays exact"),
        (0x8000_0001, "1e-128", "tiny exponent stays exact"),
        (0x007F_FFFF, "NaN", "RonanB96/bluetooth-sig-python special"), (0x0080_0000, "NRes", "special"),
        (0x007F_FFFE, "+INF", "RonanB96/bluetooth-sig-python special"), (0x0080_0002, "-INF", "special"),
        (0x0080_0001, "reserved", "special"),
    ]

    @Test("FLOAT decodes to the exact decimal", arguments: floatTable)
    func float(bits: UInt32, text: String, source: String) {
        #expect(MedFloat32(bitPattern: bits).description == text, "\(source)")
    }

    @Test func floatEncoder() {
        #expect(MedFloat32(37.6, exponent: -2)?.bitPattern == 0xFE00_0EB0)
        #expect(MedFloat32(mantissa: 0x7F_FFFF, exponent: 0) == nil)
        #expect(MedFloat32(mantissa: 0x7F_FFFE, exponent: 0) == nil)
        #expect(MedFloat32(mantissa: -0x80_0000, exponent: 0) == nil)
        #expect(MedFloat32(mantissa: 0x7F_FFFF, exponent: 1)?.special == nil)
        #expect(MedFloat32(mantissa: 0x80_0000, exponent: 1) == nil)
        #expect(MedFloat32(bitPattern: 0xFFFF_FFC9).mantissa == -55)
        #expect(MedFloat32(bitPattern: 0xFFFF_FFC9).exponent == -1)
    }

    @Test func exactDecimalText() {
        #expect(ExactDecimal(significand: 5, exponent: -3).description == "0.005")
        #expect(ExactDecimal(significand: 327670, exponent: -3).description == "327.67")
        #expect(ExactDecimal(significand: -5, exponent: -1).description == "-0.5")
        #expect(ExactDecimal(significand: 120, exponent: 0).description == "120")
        #expect(ExactDecimal(significand: 1000, exponent: -3).description == "1")
        #expect(ExactDecimal(significand: 12, exponent: 20).description == "12e20")
    }
}
