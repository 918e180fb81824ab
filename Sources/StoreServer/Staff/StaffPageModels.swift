import FHIR
import Foundation
import MonitoringStore
import StorePages
import Triage

/// MonitoringStore's read models as StorePages' view models: the one place the two meet, so the
/// renderers stay pure and the storage knows nothing of pages.
enum StaffPageModels {
    // MARK: worklist

    /// Deviating readings (red, yellow, repeated grey) and contact requests. A green reading has no
    /// worklist row, and `DeviationColour` has no green, so none can be shown.
    static func worklist(_ items: [MonitoringStore.WorklistItem]) -> WorklistPage {
        var deviations: [StorePages.WorklistItem] = []
        var contacts: [ContactRequestItem] = []
        for item in items {
            switch item.kind {
            case .contactRequest:
                contacts.append(ContactRequestItem(id: item.id, patient: PatientRef(id: item.patientID), requestedAt: item.occurredAt))
            case .reading:
                if let row = worklistItem(item) { deviations.append(row) }
            }
        }
        return WorklistPage(items: deviations, contactRequests: contacts)
    }

    static func worklistItem(_ item: MonitoringStore.WorklistItem) -> StorePages.WorklistItem? {
        guard let colour = DeviationColour(rawValue: item.colour) else { return nil }
        // The first rule this rule set knows; codes it does not know stay visible in the reason.
        let rule = item.rules.lazy.compactMap(RuleID.init(rawValue:)).first
        let unknown = item.rules.filter { RuleID(rawValue: $0) == nil }
        let reason = unknown.isEmpty ? item.detail : "[\(unknown.joined(separator: ", "))] \(item.detail)"
        return StorePages.WorklistItem(
            id: item.id, colour: colour, patient: PatientRef(id: item.patientID), value: measured(item.value), measuredAt: item.occurredAt,
            rule: rule, reason: reason, threshold: threshold(item.parameters, rule: rule))
    }

    /// The threshold the fired rule compared with: the first reported parameter the rule table
    /// lists for that rule, else the first reported at all.
    static func threshold(_ parameters: [String], rule: RuleID?) -> ThresholdValue? {
        let reported = parameters.compactMap(threshold)
        let own = rule.flatMap { id in RuleSet.hfDefault.rules.first { $0.id == id } }?.parameters ?? []
        return reported.first { own.contains($0.name) } ?? reported.first
    }

    static func measured(_ value: ObservedValue?) -> MeasuredValue {
        switch value {
        case .weight(let kg)?: .weight(kg: kg)
        case .bloodPressure(let systolic, let diastolic, let pulse)?: .bloodPressure(systolic: systolic, diastolic: diastolic, pulse: pulse)
        case .pulse(let bpm)?: .pulse(bpm: bpm)
        case nil: .missing
        }
    }

    /// `name=value` (or `name=value *` for the patient's own) as the hub reported the parameter used.
    static func threshold(_ line: String) -> ThresholdValue? {
        let individual = line.hasSuffix(" *")
        let text = individual ? String(line.dropLast(2)) : line
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Double(parts[1]), value.isFinite else { return nil }
        return ThresholdValue(name: ParameterName(rawValue: parts[0]), value: value, isIndividual: individual)
    }

    // MARK: patient

    static func patient(_ overview: PatientOverview, days: Int) -> PatientPage {
        var messages = overview.messages.map { message in
            StorePages.PatientMessage(sentAt: message.sentAt, direction: .fromClinic(author: message.author, audience: audience(message.audience)),
                                      text: message.text)
        }
        messages += overview.contactRequests.map { StorePages.PatientMessage(sentAt: $0.occurredAt, direction: .contactRequest, text: "") }
        return PatientPage(
            patient: PatientRef(id: overview.patientID), days: days,
            weights: overview.weight.map { WeightPoint(time: $0.at, kg: $0.value) },
            bloodPressure: overview.bloodPressure.map { BloodPressurePoint(time: $0.at, systolic: $0.systolic, diastolic: $0.diastolic) },
            pulse: overview.pulse.map { PulsePoint(time: $0.at, bpm: $0.value) },
            thresholds: effective(overview.thresholds), messages: messages,
            devices: overview.devices.map { device in
                StorePages.DeviceStatus(
                    id: device.address, name: device.model ?? device.address, lastContact: lastHeard(device),
                    batteryPercent: device.batteryLevel, clockOffsetSeconds: device.clockOffsetSeconds)
            })
    }

    /// The defaults with the patient's set applied, as the hub assesses with it. A stored value the
    /// rule table refuses (an older store's free-form set) is left out, not fatal.
    static func effective(_ set: PatientThresholds?) -> Parameters {
        let values = individual(set)
        let overrides = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        if let all = try? Parameters.defaults.applying(overrides: overrides) { return all }
        var parameters = Parameters.defaults
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            if let next = try? parameters.applying(overrides: [name: value]) { parameters = next }
        }
        return parameters
    }

    /// The patient's individual values of parameters the rule table knows.
    static func individual(_ set: PatientThresholds?) -> [ParameterName: Double] {
        var values: [ParameterName: Double] = [:]
        for threshold in set?.thresholds ?? [] {
            let name = ParameterName(rawValue: threshold.name)
            let value = threshold.value.doubleValue
            if ParameterTable.spec(name) != nil, value.isFinite { values[name] = value }
        }
        return values
    }

    static func lastHeard(_ device: DeviceHealth) -> Date? {
        [device.lastContact, device.lastReading].compactMap { $0 }.max()
    }

    // MARK: thresholds, messages

    static func thresholds(patient: String, set: PatientThresholds?, history: [ThresholdAuditEntry],
                           errors: FormErrors? = nil, entered: [String: String] = [:]) -> ThresholdsPage {
        ThresholdsPage(
            patient: PatientRef(id: patient), individual: individual(set),
            history: history.map { change in
                ThresholdChange(
                    name: ParameterName(rawValue: change.name), oldValue: change.oldValue?.doubleValue, newValue: change.newValue?.doubleValue,
                    changedBy: change.changedBy, changedAt: change.changedAt, reason: change.reason)
            },
            errors: errors, entered: entered)
    }

    static func messages(groups: [PatientGroup], sent: [ClinicMessage], errors: FormErrors? = nil, entered: [String: String] = [:]) -> MessagePage {
        MessagePage(
            // The store knows a group's name and members, not whether it is a diagnosis or a clinic.
            groups: groups.map { MessageGroup(id: $0.name, name: $0.name, kind: nil, memberCount: $0.memberCount) },
            sent: sent.map { SentMessage(sentAt: $0.sentAt, author: $0.author, audience: audience($0.audience), text: $0.text) },
            errors: errors, entered: entered)
    }

    static func audience(_ audience: FHIR.MessageAudience) -> StorePages.MessageAudience {
        switch audience {
        case .patient(let id): .patient(id)
        case .group(let name): .group(name)
        case .all: .all
        }
    }

    static func audience(_ audience: StorePages.MessageAudience) -> FHIR.MessageAudience {
        switch audience {
        case .patient(let id): .patient(id)
        case .group(let name): .group(name)
        case .all: .all
        }
    }

    // MARK: fleet

    /// One row per problem: silent hubs, and devices with a low battery, a clock that is off, or
    /// no reading or contact for too long.
    static func fleet(_ health: FleetHealth, policy: FleetPolicy) -> FleetPage {
        let patientsOfHub = Dictionary(health.hubs.map { ($0.hubID, $0.patients) }, uniquingKeysWith: { first, _ in first })
        var issues: [FleetIssue] = []
        for hub in health.hubs where hub.problems.contains(where: { $0 == "hub-silent" || $0 == "hub-never-heard" }) {
            issues.append(FleetIssue(hubID: hub.hubID, patients: hub.patients.map { PatientRef(id: $0) }, problem: .hubSilent(lastHeard: hub.lastHeard)))
        }
        for device in health.devices {
            let hub = device.hubID ?? "–"
            let patients = device.patientID.map { [$0] } ?? patientsOfHub[hub] ?? []
            let name = device.model.map { "\($0) (\(device.address))" } ?? device.address
            for problem in device.problems {
                let kind: FleetIssue.Problem
                switch problem {
                case "battery-low": kind = .lowBattery(percent: device.batteryLevel ?? 0)
                case "clock-off": kind = .clockOff(seconds: device.clockOffsetSeconds ?? 0)
                case "device-silent": kind = .deviceSilent(lastReading: device.lastReading ?? device.lastContact)
                default: continue
                }
                issues.append(FleetIssue(hubID: hub, patients: patients.map { PatientRef(id: $0) }, device: name, problem: kind))
            }
        }
        return FleetPage(hubSilentAfter: policy.hubSilentAfter, lowBatteryPercent: policy.lowBatteryPercent,
                         clockToleranceSeconds: policy.maxClockOffsetSeconds, issues: issues)
    }
}
