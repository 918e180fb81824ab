import DeviceSessions
import FHIR
import Foundation
import Readings
import GatewayStore
import HealthProfiles
import Triage

/// What the hub forwards for one reading, made ONCE, when the reading is committed, and stored with
/// its outbox row (`identifiers_json`): the FHIR entries (Observations, the cuff or scale and the hub
/// as Devices, a DetectedIssue for a deviating reading), each with the conditional-create identifier
/// that makes a re-send harmless at any FHIR server. The forwarder only adds the upload time
/// (`issued`) and puts several readings in one transaction (docs/FORWARDING.md).
public enum ForwardedResources {
    /// The stored form: the identifiers (for audits and status) and the entries as they are sent,
    /// rendered to text once here (`rendered`) so each upload splices them instead of encoding again
    /// (docs/PERFORMANCE.md). Rows committed before that carry the entries as JSON objects
    /// (`entries`); the forwarder renders those when it sends them, to the same bytes.
    public struct Stored: Codable, Sendable {
        public var identifiers: ReadingIdentifiers
        public var rendered: [RenderedEntry]?
        public var entries: [FHIRBundle.Entry]?

        /// The stored form of a reading's entries (rendered).
        public init(identifiers: ReadingIdentifiers, entries: [FHIRBundle.Entry]) throws {
            self.identifiers = identifiers
            rendered = try entries.map(RenderedEntry.init)
        }

        /// The entries rendered for an upload: as stored, or rendered now from a row of the older
        /// form; nil when the row has neither.
        public func renderedEntries() throws -> [RenderedEntry]? {
            if let rendered { return rendered }
            return try entries.map { try $0.map(RenderedEntry.init) }
        }

        /// The text of the outbox row's `identifiers_json`.
        public func json() throws -> String { try FHIRJSON.encode(self) }
    }

    /// The resources of a reading about to be committed, as JSON for the outbox row.
    static func json(
        measurement: HealthProfiles.Measurement, reading: NewReading, device: DeviceIdentity, record: NewAssessment,
        fired: [RuleResult], overrides: Set<String>, hub: HubInfo, configuration: PipelineConfiguration
    ) throws -> String {
        let zone = configuration.timeZone
        func zoned(_ date: Date) -> ZonedTime { ZonedTime(date: date, utcOffsetSeconds: zone.secondsFromGMT(for: date)) }
        var parameters: [ReadingAssessment.Parameter] = []
        var seen = Set<String>()
        for result in fired {
            for parameter in result.parameters where seen.insert(parameter.name.rawValue).inserted {
                guard let value = FHIRDecimal(parameter.value) else { continue }
                parameters.append(.init(
                    name: parameter.name.rawValue, value: value, patientSpecific: overrides.contains(parameter.name.rawValue)))
            }
        }
        let assessment = ReadingAssessment.Colour(rawValue: record.colour.rawValue).map { colour in
            ReadingAssessment(
                colour: colour, ruleIDs: record.ruleIDs, ruleSetVersion: record.rulesetVersion, parameters: parameters,
                text: configuration.language == .swedish ? record.textSV : record.textEN, assessedAt: zoned(reading.receivedAt))
        }
        let input = ReadingInput(
            measurement: measurement, patientID: reading.patientID,
            device: PhdDeviceInfo(
                address: reading.deviceAddress, manufacturer: device.manufacturer, modelNumber: device.model,
                serialNumber: device.serial, firmwareRevision: device.firmware),
            hub: hub, effective: zoned(reading.effectiveAt), assessment: assessment)
        let identifiers = try PhdMapping.identifiers(for: input, phdIdentifier: reading.phdIdentifier)
        let entries = try PhdMapping.entries(for: input, identifiers: identifiers)
        return try Stored(identifiers: identifiers, entries: entries).json()
    }
}
