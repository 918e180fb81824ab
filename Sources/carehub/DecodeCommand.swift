import ArgumentParser
import HealthProfiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `carehub decode CHARACTERISTIC HEX`: decode one GATT payload and print it as one JSON object.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode one BLE health characteristic payload and print it as one JSON object.",
        discussion: """
        CHARACTERISTIC is a 16-bit UUID (2A35, 0x2A35, 2a35) or a name:
        \(Characteristic.allCases.map { "  \($0.uuidString)  \($0.name)" }.joined(separator: "\n"))

        HEX is the payload as received, e.g. "1E 8A 00 58 00": upper or lower
        case, optional spaces, colons, dashes and 0x prefixes.

        OUTPUT: one JSON object on stdout (one line), snake_case keys in a
        stable order; optional fields the payload does not carry are left out.
          characteristic  "2A35" (four upper-case hex digits)
          type            blood_pressure, intermediate_cuff_pressure,
                          blood_pressure_feature, weight, weight_scale_feature,
                          body_composition, body_composition_feature,
                          date_time, current_time, battery_level,
                          device_information, system_id, pnp_id, temperature,
                          plx_spot_check, glucose, record_access_control_point
          unit            mmHg | kPa (pressures; pulse_rate is always bpm),
                          kg | lb (masses), Cel | degF (temperature),
                          % (battery, SpO2), kg/L | mol/L (glucose)
          height_unit     m | in

        Fields per type:
          blood_pressure  systolic, diastolic, mean_arterial_pressure,
            timestamp, pulse_rate, user_id, measurement_status {body_movement,
            cuff_too_loose, irregular_pulse, pulse_rate_range (within |
            above_upper | below_lower | reserved), improper_position}
          intermediate_cuff_pressure  cuff_pressure, timestamp, pulse_rate,
            user_id, measurement_status
          weight  weight, measurement_unsuccessful (raw 0xFFFF: weight left
            out), timestamp, user_id, bmi, height, height_unit
          body_composition  body_fat_percentage, measurement_unsuccessful,
            multiple_packet (bit 12: merge with the next packet), timestamp,
            user_id, basal_metabolism (kJ), muscle_percentage, muscle_mass,
            fat_free_mass, soft_lean_mass, body_water_mass, impedance (ohm),
            weight, height, height_unit
          *_feature  one boolean per feature; *_resolution_kg/_lb/_m/_in
          date_time  timestamp;  current_time  timestamp, day_of_week,
            fractions256, adjust_reason {...}
          battery_level  level;  device_information  field, value
          system_id  manufacturer_identifier, organizationally_unique_identifier
          pnp_id  vendor_id_source, vendor_id, product_id, product_version
          temperature  temperature, timestamp, temperature_type
          plx_spot_check  spo2, pulse_rate, timestamp, measurement_status [..],
            device_and_sensor_status [..], pulse_amplitude_index,
            device_clock_not_set
          glucose  sequence_number, timestamp (base time), time_offset
            (minutes), concentration, sample_type, sample_location,
            sensor_status [..], context_information_follows

        Timestamps: "YYYY-MM-DDTHH:MM:SS", the device's local time (no zone),
        or null when the device marks the date unknown (year, month or day 0);
        timestamp_raw then holds the parts.
        Numbers are exact decimals (SFLOAT 0xF0BD prints 18.9, not 18.8999).
        SFLOAT/FLOAT special values print as the strings "NaN", "NRes",
        "+INF", "-INF" and "reserved".

        EXIT STATUS
          0   decoded, JSON on stdout
          1   bad hex or malformed payload: stderr says what is wrong and at
              which byte offset; nothing on stdout
          64  usage error (unknown characteristic, missing argument)
        """
    )

    @Argument(help: "Characteristic: 16-bit UUID (2A35, 0x2A35) or name (blood-pressure-measurement).")
    var characteristic: String

    @Argument(help: "Payload bytes in hex, e.g. \"1E8A0058007800\" or \"1e:8a:00\".")
    var hex: [String]

    func validate() throws { try Self.validate(characteristic: characteristic) }

    func run() throws {
        print(try Self.measurement(characteristic: characteristic, hex: hex).jsonString)
    }

    /// The characteristic and payload arguments as `carehub decode` reads them (shared with
    /// `carehub fhir`): an unknown characteristic is a usage error (64); bad hex or a malformed
    /// payload prints the error on stderr and exits 1.
    static func measurement(characteristic: String, hex: [String]) throws -> HealthProfiles.Measurement {
        guard let target = Characteristic(parsing: characteristic) else { throw ExitCode(64) }
        let bytes: [UInt8]
        do {
            bytes = try Hex.bytes(hex.joined(separator: " "))
        } catch {
            try fail("error: \(error)")
        }
        do {
            return try decode(target, bytes)
        } catch {
            try fail("error: \(target): \(error)")
        }
    }

    /// The usage check of the characteristic argument.
    static func validate(characteristic: String) throws {
        guard Characteristic(parsing: characteristic) != nil else {
            throw ValidationError("unknown characteristic '\(characteristic)'; see --help for the accepted names")
        }
    }

    /// Prints `message` on stderr and exits with status 1 (nothing has been written to stdout).
    static func fail(_ message: String) throws -> Never {
        writeStandardError(message + "\n")
        throw ExitCode.failure
    }
}

/// Writes text to file descriptor 2 (no shared `FILE*`, so no global mutable state).
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
