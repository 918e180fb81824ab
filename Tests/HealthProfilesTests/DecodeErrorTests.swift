import Testing
@testable import HealthProfiles

/// Malformed payloads give the typed error with the right field and byte offset.
struct DecodeErrorTests {
    static let cases: [(Characteristic, String, DecodeError)] = [
        (.bloodPressureMeasurement, "", .truncated(field: "flags", needed: 1, remaining: 0, offset: 0)),
        (.bloodPressureMeasurement, "010203040506", .truncated(field: "mean_arterial_pressure", needed: 2, remaining: 1, offset: 5)),
        (.bloodPressureMeasurement, "0278005000", .truncated(field: "mean_arterial_pressure", needed: 2, remaining: 0, offset: 5)),
        (.bloodPressureMeasurement, "02780050005D00E807", .truncated(field: "timestamp", needed: 7, remaining: 2, offset: 7)),
        (.bloodPressureMeasurement, "0078005000FF0700", .trailingBytes(count: 1, offset: 7)),
        (.bloodPressureMeasurement, "02780050005D00E8070D01000000", .invalidDate(field: "timestamp.month", value: 13, offset: 9)),
        (.bloodPressureMeasurement, "02780050005D00E8070101180000", .invalidDate(field: "timestamp.hours", value: 24, offset: 11)),
        (.dateTime, "E80701010B3C00", .invalidDate(field: "date_time.minutes", value: 60, offset: 5)),
        (.dateTime, "E707021D000000", .invalidDate(field: "date_time.day", value: 29, offset: 3)),
        (.weightMeasurement, "08FFFFF500D606", .invalidCombination(
            field: "bmi", reason: "BMI and height must be absent when weight is 0xFFFF (measurement unsuccessful)", offset: 3)),
        (.batteryLevel, "65", .reservedValue(field: "battery_level", value: 101, offset: 0)),
        (.batteryLevel, "6400", .trailingBytes(count: 1, offset: 1)),
        (.currentTime, "E80706060C042C088000", .reservedValue(field: "day_of_week", value: 8, offset: 7)),
        (.firmwareRevisionString, "312E30FF", .invalidUTF8(field: "firmware_revision", offset: 3)),
        (.glucoseMeasurement, "1B0000E207041A0B091E1E00120501",
         .truncated(field: "sensor_status_annunciation", needed: 2, remaining: 0, offset: 15)),
        (.recordAccessControlPoint, "0600010A", .reservedValue(field: "response_code", value: 10, offset: 3)),
    ]

    @Test(arguments: cases)
    func malformed(characteristic: Characteristic, hex: String, expected: DecodeError) throws {
        let bytes = try Hex.bytes(hex)
        #expect(throws: expected) { try decode(characteristic, bytes) }
    }

    @Test func descriptionsNameFieldAndOffset() {
        let error = DecodeError.truncated(field: "systolic", needed: 2, remaining: 1, offset: 1)
        #expect(error.description == "truncated: field 'systolic' needs 2 bytes at byte offset 1, only 1 remaining")
        #expect(error.offset == 1)
        #expect(DecodeError.trailingBytes(count: 2, offset: 19).description.contains("at byte offset 19"))
        #expect(DecodeError.reservedValue(field: "battery_level", value: 101, offset: 0).description.contains("'battery_level'"))
    }

    @Test func hexParsing() throws {
        #expect(try Hex.bytes("1E 8a:00") == [0x1E, 0x8A, 0x00])
        #expect(try Hex.bytes("0x1E8A") == [0x1E, 0x8A])
        #expect(try Hex.bytes("0x1E 0x8A") == [0x1E, 0x8A])
        #expect(try Hex.bytes("") == [])
        #expect(throws: Hex.ParseError.oddDigitCount(3)) { try Hex.bytes("1E8") }
        #expect(throws: Hex.ParseError.invalidCharacter("g", position: 2)) { try Hex.bytes("1Eg0") }
        #expect(Hex.string([0x0F, 0xA0]) == "0FA0")
    }

    @Test func characteristicParsing() {
        #expect(Characteristic(parsing: "2A35") == .bloodPressureMeasurement)
        #expect(Characteristic(parsing: "0x2a35") == .bloodPressureMeasurement)
        #expect(Characteristic(parsing: "blood-pressure-measurement") == .bloodPressureMeasurement)
        #expect(Characteristic(parsing: "weight_measurement") == .weightMeasurement)
        #expect(Characteristic(parsing: "00002a9d-0000-1000-8000-00805f9b34fb") == .weightMeasurement)
        #expect(Characteristic(parsing: "2A99") == nil)
        #expect(Characteristic(parsing: "") == nil)
        for characteristic in Characteristic.allCases {
            #expect(Characteristic(parsing: characteristic.name) == characteristic)
            #expect(Characteristic(parsing: characteristic.uuidString) == characteristic)
        }
    }

    @Test func decodesFromSlicesAndNonContiguousCollections() throws {
        let bytes: [UInt8] = [0xFF, 0x00, 0xB5, 0xF4, 0x25, 0xF3, 0x3C, 0x00]
        let fromSlice = try decode(.bloodPressureMeasurement, bytes[1...])
        let fromLazy = try decode(.bloodPressureMeasurement, bytes.dropFirst().lazy.map { $0 })
        #expect(fromSlice == fromLazy)
        #expect(fromSlice.jsonString.contains("\"systolic\":120.5"))
    }
}
