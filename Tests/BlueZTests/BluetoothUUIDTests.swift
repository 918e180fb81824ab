import TestSupport
import BlueZ
import Testing

/// UUID forms as BlueZ and the Bluetooth Assigned Numbers document write them.
struct BluetoothUUIDTests {
    @Test("parses the forms BlueZ, scenario files and humans use", arguments: [
        // (input, canonical 128-bit) — 0x2A35 Blood Pressure Measurement, Assigned Numbers §3.8
        ("2A35", "00002a35-0000-1000-8000-00805f9b34fb"),
        ("0x2a35", "00002a35-0000-1000-8000-00805f9b34fb"),
        ("0000181D", "0000181d-0000-1000-8000-00805f9b34fb"),
        // as bluetoothd writes UUIDs properties (lower case)
        ("00001810-0000-1000-8000-00805f9b34fb", "00001810-0000-1000-8000-00805f9b34fb"),
        // vendor 128-bit (Omron's proprietary service as seen in bleak logs), upper case in
        ("ECBE3980-C9A2-11E1-B1BD-0002A5D5C51B", "ecbe3980-c9a2-11e1-b1bd-0002a5d5c51b"),
    ])
    func parses(input: String, canonical: String) {
        #expect(BluetoothUUID(input)?.string == canonical)
    }

    @Test("refuses malformed text", arguments: ["", "2A3", "2A355", "zz35", "00001810-0000-1000-8000-00805f9b34f",
                                                "00001810+0000-1000-8000-00805f9b34fb", "0x"])
    func refuses(input: String) {
        #expect(BluetoothUUID(input) == nil)
    }

    @Test func shortFormsAndDescription() {
        #expect(BluetoothUUID(0x2A35) == BluetoothUUID("00002A35-0000-1000-8000-00805F9B34FB"))
        #expect(BluetoothUUID.weightMeasurement.shortValue == 0x2A9D)
        #expect(BluetoothUUID("ecbe3980-c9a2-11e1-b1bd-0002a5d5c51b")?.shortValue == nil)
        #expect(BluetoothUUID(0x1810).description == "0x1810")
        let literal: BluetoothUUID = 0x2902
        #expect(literal == .clientCharacteristicConfiguration)
    }
}
