import ArgumentParser
import FHIR
import Foundation
import HealthProfiles

/// `carehub fhir CHARACTERISTIC HEX --patient ID`: the transaction Bundle the hub would forward
/// for one payload.
struct FHIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhir",
        abstract: "Print the FHIR transaction Bundle the hub would forward for one reading payload.",
        discussion: """
        CHARACTERISTIC and HEX as for `carehub decode` (see `carehub decode
        --help`). Only readings are forwarded: blood pressure (2A35), weight
        (2A9D), body composition (2A9C, one joined packet), temperature (2A1C),
        pulse-oximeter spot check (2A5E) and glucose (2A18).

        OUTPUT: the Bundle as pretty JSON on stdout: FHIR R4, HL7 Personal
        Health Device IG STU 2 (2.0.0) profiles; see docs/FHIR.md. What the
        command cannot know is fixed:
          hub        --hub ADDRESS (default 00:00:00:00:00:00): the hub's
                     Bluetooth adapter address on a real hub
          device     --device ADDRESS (default 00:00:00:00:00:01); no DIS data
          times      upload and receive time: now; the device's own time stamp
                     is read in --time-zone (default Europe/Stockholm) and used
                     as the measurement time as sent (the daemon also checks
                     it against its receive window)
          clocks     no coincident time stamp (the daemon compares clocks)
          triage     none: no DetectedIssue (the daemon assesses with the
                     patient's history)

        --patient is the clinic's patient id, checked as `carehub assign` does.

        EXIT STATUS
          0   Bundle on stdout
          1   bad hex, malformed payload, or a value that is not a reading
              CareHub forwards (battery level, features, live cuff pressure…)
          64  usage error (unknown characteristic, bad patient id, address
              or time zone)
        """
    )

    @Argument(help: "Characteristic: 16-bit UUID (2A35, 0x2A35) or name (blood-pressure-measurement).")
    var characteristic: String

    @Argument(help: "Payload bytes in hex, e.g. \"1E8A0058007800\" or \"1e:8a:00\".")
    var hex: [String]

    @Option(name: .long, help: ArgumentHelp("The clinic's patient id.", valueName: "id"), transform: ArgumentParsing.patient)
    var patient: String

    @Option(name: .long, help: ArgumentHelp("The device's Bluetooth address.", valueName: "address"),
            transform: ArgumentParsing.address)
    var device: String = "00:00:00:00:00:01"

    @Option(name: .long, help: ArgumentHelp("The hub's Bluetooth adapter address.", valueName: "address"),
            transform: ArgumentParsing.address)
    var hub: String = "00:00:00:00:00:00"

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone of the device's clock.", valueName: "zone"))
    var timeZone: String = "Europe/Stockholm"

    func validate() throws {
        try DecodeCommand.validate(characteristic: characteristic)
        guard device != hub else {
            throw ValidationError("--device and --hub must differ: the hub and the device are two FHIR Devices.")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw ValidationError("'\(timeZone)' is not a time zone; use an IANA name such as Europe/Stockholm.")
        }
    }

    func run() throws {
        guard let zone = TimeZone(identifier: timeZone) else { throw ExitCode(64) }
        let measurement = try DecodeCommand.measurement(characteristic: characteristic, hex: hex)
        guard PhdMapping.forwards(measurement) else {
            try DecodeCommand.fail("error: \(measurement.characteristic): \(measurement.typeName) is not a reading CareHub forwards")
        }
        let now = Date()
        let deviceTime = Self.deviceTime(measurement).flatMap { Self.instant($0, in: zone) }
        let effective = deviceTime?.date ?? now
        let input = ReadingInput(
            measurement: measurement, patientID: patient, device: PhdDeviceInfo(address: device),
            hub: HubInfo(bluetoothAddress: hub, manufacturer: "CareHub", softwareVersion: "carehub fhir"),
            effective: ZonedTime(date: effective, utcOffsetSeconds: zone.secondsFromGMT(for: effective)))
        let timestamp: PhdObservationIdentifier.Timestamp = deviceTime.map { .device(secondsSince2000: $0.secondsSince2000) }
            ?? .hubReceipt(now)
        do {
            let main = try Self.mainCode(input)
            guard let phd = PhdObservationIdentifier.value(
                deviceIdentifier: device, patientID: patient, mdcType: main, timestamp: timestamp)
            else { throw FHIRMappingError.invalidIdentifier("device or patient") }
            let identifiers = try PhdMapping.identifiers(for: input, phdIdentifier: phd)
            let bundle = TransactionBundle(
                readings: [try PhdMapping.entries(for: input, identifiers: identifiers)],
                uploadTime: ZonedTime(date: now, utcOffsetSeconds: zone.secondsFromGMT(for: now)))
            print(try bundle.json(pretty: true))
        } catch {
            try DecodeCommand.fail("error: \(error)")
        }
    }

    /// The MDC code of the reading's main Observation (the PHD identifier's type).
    static func mainCode(_ input: ReadingInput) throws -> Int {
        guard let first = try PhdMapping.observationCodes(for: input.measurement).first else {
            throw FHIRMappingError.notForwarded(input.measurement.typeName)
        }
        return first
    }

    /// The payload's own time stamp when its date is known, with the minutes to add (glucose: base
    /// time + time offset, the pipeline's rule).
    static func deviceTime(_ measurement: HealthProfiles.Measurement) -> (DateTime, minutes: Int)? {
        if case .glucose(let value) = measurement {
            return value.baseTime.isDateKnown ? (value.baseTime, Int(value.timeOffset ?? 0)) : nil
        }
        let time: DateTime? = switch measurement {
        case .bloodPressure(let value): value.timestamp
        case .weight(let value): value.timestamp
        case .bodyComposition(let value): value.timestamp
        case .temperature(let value): value.timestamp
        case .plxSpotCheck(let value): value.deviceClockNotSet ? nil : value.timestamp
        default: nil
        }
        guard let time, time.isDateKnown else { return nil }
        return (time, 0)
    }

    /// The wall-clock time read in `zone`, and its seconds since 2000 on the device's clock.
    static func instant(_ time: (DateTime, minutes: Int), in zone: TimeZone) -> (date: Date, secondsSince2000: Int)? {
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        let (clock, minutes) = time
        calendar.timeZone = utc  // wall-clock arithmetic: no DST in UTC
        guard let base = calendar.date(from: DateComponents(
            year: Int(clock.year), month: Int(clock.month), day: Int(clock.day), hour: Int(clock.hours),
            minute: Int(clock.minutes), second: Int(clock.seconds)))
        else { return nil }
        let wall = base.addingTimeInterval(TimeInterval(minutes * 60))
        let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: wall)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components) else { return nil }
        return (date, Int(wall.timeIntervalSince1970) - 946_684_800)
    }
}
