import TestSupport
import HealthProfiles
import Testing
@testable import DeviceSessions

@Suite("Device quirks")
struct QuirksTests {
    @Test("Models are matched from DIS model or advertised name", arguments: [
        (DeviceIdentity(advertisedName: "BLESmart_00000480AABBCC"), "omron"),
        (DeviceIdentity(manufacturer: "OMRON HEALTHCARE"), "omron"),
        (DeviceIdentity(advertisedName: "A&D_UA-651BLE_1A2B3C"), "a&d"),
        (DeviceIdentity(model: "UC-352BLE"), "a&d-scale"),
        (DeviceIdentity(advertisedName: "BM85"), "beurer-bp"),
        (DeviceIdentity(model: "BM59"), "beurer-bp"),
        (DeviceIdentity(advertisedName: "MIBFS"), "xiaomi-scale"),
        (DeviceIdentity(model: "ES-WBE28"), "renpho"),
        (DeviceIdentity(model: "BU 570", advertisedName: "Medisana"), "standard"),
        (DeviceIdentity(), "standard"),
    ])
    func matching(identity: DeviceIdentity, family: String) {
        #expect(QuirkRegistry.standard.quirks(for: identity).family == family)
    }

    @Test("A&D writes send-all-data then Date Time; Omron Current Time; Beurer pauses before subscribing")
    func behaviour() {
        let and = QuirkRegistry.standard.quirks(for: DeviceIdentity(advertisedName: "A&D_UA-651BLE_1A2B3C"))
        #expect(and.timeWrite == .dateTime)
        #expect(and.vendorWrites.map(\.bytes) == [[0x02, 0x00, 0xE1]])
        #expect(QuirkRegistry.standard.quirks(for: DeviceIdentity(advertisedName: "BLESmart_0000")).timeWrite == .currentTime)
        #expect(QuirkRegistry.standard.quirks(for: DeviceIdentity(model: "BM85")).settleBeforeSubscribe == .milliseconds(100))
        #expect(QuirkRegistry.standard.quirks(for: DeviceIdentity(advertisedName: "BLESmart_0000")).pairingHint
            == "Press and hold the Bluetooth button until P blinks, then try again.")
    }

    // Synthetic Beurer BM85-style frame built from the layout in device-quirks.md (DER-TEST):
    // flags 0x56 (reserved bit 6, status, pulse, time stamp; bit 3 clear), 124/86/97 mmHg,
    // 2024-06-15 17:17:27, pulse 51 big-endian (00 33), user 1 (always present), status 0x0040 big-endian.
    static let beurer: [UInt8] = [0x56, 0x7C, 0x00, 0x56, 0x00, 0x61, 0x00, 0xE8, 0x07, 0x06, 0x0F, 0x11, 0x11, 0x1B,
                                  0x00, 0x33, 0x01, 0x00, 0x40]

    @Test("Beurer cuffs: big-endian pulse and status, user byte always present")
    func beurerBigEndian() throws {
        let quirks = QuirkRegistry.standard.quirks(for: DeviceIdentity(advertisedName: "BM85"))
        guard case let .bloodPressure(bp) = try quirks.decode(.bloodPressureMeasurement, Self.beurer) else {
            Issue.record("not a blood pressure")
            return
        }
        #expect(bp.systolic.doubleValue == 124)
        #expect(bp.diastolic.doubleValue == 86)
        #expect(bp.pulseRate?.doubleValue == 51)
        #expect(bp.userID == 1)
        #expect(bp.status?.rawValue == 0x0040)
        // The strict SIG decoder must not silently accept these bytes as something else.
        #expect(throws: DecodeError.self) { try DeviceQuirks.standard.decode(.bloodPressureMeasurement, Self.beurer) }
    }

    @Test("Beurer frame without the extra user byte decodes; a truncated one is refused")
    func beurerVariants() throws {
        let quirks = DeviceQuirks.beurerCuff
        var withoutUser = Self.beurer
        withoutUser.remove(at: 16)
        guard case let .bloodPressure(bp) = try quirks.decode(.bloodPressureMeasurement, withoutUser) else {
            Issue.record("not a blood pressure")
            return
        }
        #expect(bp.pulseRate?.doubleValue == 51)
        #expect(bp.userID == nil)
        #expect(throws: DecodeError.self) { try quirks.decode(.bloodPressureMeasurement, Array(Self.beurer.prefix(12))) }
        #expect(throws: DecodeError.self) { try quirks.decode(.bloodPressureMeasurement, Self.beurer + [0]) }
    }

    // Mi Body Composition Scale 2 frame (layout of openScale MiScaleHandler parseLive13):
    // ctrl0 0x02, ctrl1 0x26 (stable, impedance present), 2024-03-05 07:08:09, impedance 500, weight 14400/200 = 72.0 kg.
    static let mi: [UInt8] = [0x02, 0x26, 0xE8, 0x07, 0x03, 0x05, 0x07, 0x08, 0x09, 0xF4, 0x01, 0x40, 0x38]

    @Test("Xiaomi Mi scale frames on 0x2A9C decode as weight; live frames are refused")
    func xiaomi() throws {
        let quirks = DeviceQuirks.xiaomiMiScale
        guard case let .weight(weight) = try quirks.decode(.bodyCompositionMeasurement, Self.mi) else {
            Issue.record("not a weight")
            return
        }
        #expect(weight.weight?.doubleValue == 72.0)
        #expect(weight.timestamp == DateTime(year: 2024, month: 3, day: 5, hours: 7, minutes: 8, seconds: 9))
        var live = Self.mi
        live[1] = 0x06
        #expect(throws: DecodeError.self) { try quirks.decode(.bodyCompositionMeasurement, live) }
        #expect(throws: DecodeError.self) { try quirks.decode(.bodyCompositionMeasurement, Array(Self.mi.prefix(10))) }
    }

    @Test("Renpho frames on 0x2A9D are refused, never misread")
    func renpho() {
        let frame: [UInt8] = [0x2E, 0x00, 0x00, 0x64, 0x05, 0x00, 0x00]
        #expect(throws: DecodeError.self) { try DeviceQuirks.renpho.decode(.weightMeasurement, frame) }
    }

    /// What the standard registry must hold, device by device (shared/reference/device-quirks.md):
    /// removing a rule, or a quirk from a family, fails here.
    @Test("The standard registry: each known device gets its family's quirks, an unknown device none")
    func standard() throws {
        let known: [(DeviceIdentity, DeviceQuirks)] = [
            (DeviceIdentity(advertisedName: "BM85"), .beurerCuff), (DeviceIdentity(model: "BM48"), .beurerCuff),
            (DeviceIdentity(model: "BM59"), .beurerCuff), (DeviceIdentity(model: "ELITE900"), .beurerCuff),
            (DeviceIdentity(advertisedName: "A&D_UA-651BLE_1A2B3C"), .andCuff), (DeviceIdentity(model: "UA-651BLE"), .andCuff),
            (DeviceIdentity(advertisedName: "A&D_UC-352BLE_0001"), .andScale), (DeviceIdentity(model: "UC-352BLE"), .andScale),
            (DeviceIdentity(advertisedName: "BLESmart_00000480AABBCC"), .omron), (DeviceIdentity(manufacturer: "OMRON HEALTHCARE"), .omron),
            (DeviceIdentity(advertisedName: "MIBFS"), .xiaomiMiScale), (DeviceIdentity(advertisedName: "MI_SCALE"), .xiaomiMiScale),
            (DeviceIdentity(model: "ES-WBE28"), .renpho),
        ]
        for (identity, quirks) in known {
            #expect(QuirkRegistry.standard.quirks(for: identity) == quirks, "\(identity)")
        }
        // Every rule is reached by one of the devices above, and no two rules give the same quirks.
        #expect(QuirkRegistry.standard.rules.count == 6)
        #expect(Set(known.map(\.1.family)) == Set(QuirkRegistry.standard.rules.map(\.quirks.family)))

        // What each family must do differently.
        #expect(DeviceQuirks.beurerCuff.bigEndianPulseAndStatus && DeviceQuirks.beurerCuff.settleBeforeSubscribe == .milliseconds(100))
        #expect(DeviceQuirks.andCuff.timeWrite == .dateTime)
        #expect(DeviceQuirks.andCuff.vendorWrites == [VendorWrite(characteristicUUID: "233BF001-5A34-1B6D-975C-000D5690ABE4",
                                                                 bytes: [0x02, 0x00, 0xE1], purpose: "A&D send-all-data command")])
        #expect(DeviceQuirks.omron.timeWrite == .currentTime)
        #expect(DeviceQuirks.xiaomiMiScale.proprietary == [.bodyCompositionMeasurement: .xiaomiMiScale13])
        #expect(DeviceQuirks.renpho.proprietary == [.weightMeasurement: .renphoWeight])
        for quirks in [DeviceQuirks.beurerCuff, .andCuff, .andScale, .omron, .xiaomiMiScale, .renpho] {
            #expect(quirks != .standard && quirks.family != "standard")
        }

        // An unknown device (or one that says nothing) gets no quirk at all, and goes straight to the SIG decoder.
        let none = DeviceQuirks(family: "standard", bigEndianPulseAndStatus: false, timeWrite: nil, settleBeforeSubscribe: .zero,
                                vendorWrites: [], proprietary: [:])
        for identity in [DeviceIdentity(), DeviceIdentity(model: "BU 570", advertisedName: "Medisana"),
                         DeviceIdentity(manufacturer: "Beurer GmbH"), DeviceIdentity(advertisedName: "BM8")] {
            #expect(QuirkRegistry.standard.quirks(for: identity) == none, "\(identity)")
        }
        #expect(DeviceQuirks.standard == none)
        let bytes: [UInt8] = [0x06, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0xEA, 0x07, 0x0B, 0x14, 0x08, 0x1E, 0x00, 0x48, 0x00]
        #expect(try none.decode(.bloodPressureMeasurement, bytes) == HealthProfiles.decode(.bloodPressureMeasurement, bytes))
        #expect(throws: DecodeError.self) { try none.decode(.bloodPressureMeasurement, Self.beurer) }
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test("Exponential, capped, with bounded jitter")
    func delays() {
        let flat = BackoffPolicy(initial: .milliseconds(250), cap: .seconds(2), jitter: 0.2, random: { 0.5 })
        #expect(flat.delay(afterAttempt: 1) == .milliseconds(250))
        #expect(flat.delay(afterAttempt: 2) == .milliseconds(500))
        #expect(flat.delay(afterAttempt: 4) == .seconds(2))
        #expect(flat.delay(afterAttempt: 40) == .seconds(2))
        let high = BackoffPolicy(initial: .milliseconds(250), cap: .seconds(2), jitter: 0.2, random: { 0.999 })
        #expect(high.delay(afterAttempt: 1) > .milliseconds(250))
        #expect(high.delay(afterAttempt: 1) <= .milliseconds(300))
    }
}
