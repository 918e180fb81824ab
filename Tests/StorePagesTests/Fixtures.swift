import Foundation
import Triage

@testable import StorePages

/// Page data for the rendering tests; `evil` is text from outside that tries to break out.
enum Fixtures {
    static let evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;"
    static let now = Date(timeIntervalSince1970: 1_796_637_600)  // 2026-12-07 10:00 UTC
    static let zone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3_600) ?? .gmt

    static func context(_ language: Language = .swedish, staff: Bool = true, token: String = "tok\"en<1>") -> PageContext {
        PageContext(
            language: language, csrfToken: token,
            staff: staff ? StaffMember(username: "sara" + evil, role: .nurse) : nil, timeZone: zone, now: now)
    }

    static let patient = PatientRef(id: "pat-1", displayName: "Anna " + evil)

    static func item(_ id: String, _ colour: DeviationColour, hoursAgo: Double, rule: RuleID = .w1) -> WorklistItem {
        WorklistItem(
            id: id, colour: colour, patient: patient, value: .weight(kg: 76.4), measuredAt: now.addingTimeInterval(-hoursAgo * 3_600),
            rule: rule, reason: "reason " + evil, threshold: ThresholdValue(name: .weightGain3d, value: 2, isIndividual: true),
            repeatCount: colour == .grey ? 3 : nil)
    }

    static let worklist = WorklistPage(
        items: [item("y-new", .yellow, hoursAgo: 1), item("g", .grey, hoursAgo: 9, rule: .q1), item("r", .red, hoursAgo: 2, rule: .b1), item("y-old", .yellow, hoursAgo: 5)],
        contactRequests: [ContactRequestItem(id: "c" + evil, patient: patient, requestedAt: now.addingTimeInterval(-600))])

    static var patientPage: PatientPage {
        var weights: [WeightPoint] = []
        var pressures: [BloodPressurePoint] = []
        var pulses: [PulsePoint] = []
        for day in 0..<20 {
            let time: Date = now.addingTimeInterval(-86_400 * Double(day))
            let gain: Double = day < 3 ? Double(3 - day) : 0
            weights.append(WeightPoint(time: time, kg: 74 + gain))
            pressures.append(BloodPressurePoint(time: time, systolic: 120, diastolic: 80))
            pulses.append(PulsePoint(time: time, bpm: 70))
        }
        let thresholds = (try? Parameters.defaults.applying(overrides: ["weight.target_kg": 73])) ?? .defaults
        return PatientPage(
            patient: patient, days: 14, weights: weights, bloodPressure: pressures, pulse: pulses, thresholds: thresholds,
            messages: [PatientMessage(sentAt: now, direction: .fromClinic(author: evil, audience: .all), text: evil)],
            devices: [DeviceStatus(id: evil, name: evil, lastContact: now, batteryPercent: 15, clockOffsetSeconds: -90)])
    }

    static let thresholds = ThresholdsPage(
        patient: patient, individual: [.weightGain3d: 2.5],
        history: [ThresholdChange(name: .weightGain3d, oldValue: nil, newValue: 2.5, changedBy: evil, changedAt: now, reason: evil)])

    static let messages = MessagePage(
        groups: [MessageGroup(id: "g" + evil, name: evil, kind: .diagnosis, memberCount: 3)],
        sent: [SentMessage(sentAt: now, author: evil, audience: .group("g"), audienceName: evil, text: evil)])

    static let fleet = FleetPage(
        hubSilentAfter: 86_400, lowBatteryPercent: 20, clockToleranceSeconds: 60,
        issues: [
            FleetIssue(hubID: evil, patients: [patient], problem: .hubSilent(lastHeard: nil)),
            FleetIssue(hubID: "hub-2", patients: [], device: evil, problem: .lowBattery(percent: 12)),
            FleetIssue(hubID: "hub-2", patients: [], device: "cuff", problem: .clockOff(seconds: 95)),
            FleetIssue(hubID: "hub-3", patients: [], device: "scale", problem: .deviceSilent(lastReading: now)),
        ])

    /// Every page, rendered in `language`.
    static func allPages(_ language: Language) -> [(name: String, html: String)] {
        let context = context(language)
        return [
            ("login", StaffPages.login(LoginPage(problem: .invalidCredentials, username: evil), context: Self.context(language, staff: false))),
            ("worklist", StaffPages.worklist(worklist, context: context)),
            ("patient", StaffPages.patient(patientPage, context: context)),
            ("thresholds", StaffPages.thresholds(thresholds, context: context)),
            ("messages", StaffPages.messages(messages, context: context)),
            ("fleet", StaffPages.fleet(fleet, context: context)),
            ("plain", StaffPages.plain(title: evil, text: evil, context: context)),
        ]
    }
}

extension String {
    /// How often `needle` occurs.
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
