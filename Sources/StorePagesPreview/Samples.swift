import Foundation
import StorePages
import Triage

/// Made-up sample data for looking at the pages (no real patient).
enum Samples {
    static let now = Date(timeIntervalSince1970: 1_796_637_600)  // 2026-12-07 10:00 UTC
    static let zone = TimeZone(identifier: "Europe/Stockholm") ?? .gmt
    static let anna = PatientRef(id: "pat-0001", displayName: "Anna Andersson")
    static let bertil = PatientRef(id: "pat-0002", displayName: "Bertil Berg")
    static let cecilia = PatientRef(id: "pat-0003")

    static func hoursAgo(_ hours: Double) -> Date { now.addingTimeInterval(-hours * 3_600) }

    static func context(_ language: Language) -> PageContext {
        PageContext(
            language: language, csrfToken: "sample-csrf-token", staff: StaffMember(username: "sjuksköterska.sara", role: .nurse),
            timeZone: zone, now: now)
    }

    static let worklist = WorklistPage(
        items: [
            WorklistItem(
                id: "issue-1", colour: .yellow, patient: anna, value: .weight(kg: 76.4), measuredAt: hoursAgo(3),
                rule: .w1, reason: "Morning weight 76.4 kg is 2.3 kg above 74.1 kg 3 days earlier (limit 2.0 kg).",
                threshold: ThresholdValue(name: .weightGain3d, value: 2.0, isIndividual: false)),
            WorklistItem(
                id: "issue-2", colour: .red, patient: bertil, value: .bloodPressure(systolic: 186, diastolic: 104, pulse: 88),
                measuredAt: hoursAgo(5), rule: .b1, reason: "Session mean SBP 186 mmHg ≥ 180 (2 readings).",
                threshold: ThresholdValue(name: .sbpHighRed, value: 180, isIndividual: false)),
            WorklistItem(
                id: "issue-3", colour: .grey, patient: cecilia, value: .missing,
                measuredAt: hoursAgo(20), rule: .q1, reason: "3 failed cuff sessions in a row (body movement).",
                threshold: ThresholdValue(name: .qualityFailedRepeat, value: 3, isIndividual: false), repeatCount: 3),
            WorklistItem(
                id: "issue-4", colour: .yellow, patient: bertil, value: .pulse(bpm: 47), measuredAt: hoursAgo(26),
                rule: .h1, reason: "Session mean pulse 47 bpm below 50.",
                threshold: ThresholdValue(name: .hrLowYellow, value: 50, isIndividual: true)),
        ],
        contactRequests: [ContactRequestItem(id: "contact-1", patient: anna, requestedAt: hoursAgo(1))])

    static var patient: PatientPage {
        var weights: [WeightPoint] = []
        var pressures: [BloodPressurePoint] = []
        var pulses: [PulsePoint] = []
        for day in 0..<21 {
            let morning = now.addingTimeInterval(Double(-day) * 86_400 - 2 * 3_600)
            let gain = day < 3 ? Double(3 - day) * 0.8 : 0
            weights.append(WeightPoint(time: morning, kg: 74.0 + gain + Double(day % 3) * 0.1))
            pressures.append(BloodPressurePoint(time: morning.addingTimeInterval(600), systolic: 118 + Double(day % 5) * 4, diastolic: 72 + Double(day % 4) * 3))
            pulses.append(PulsePoint(time: morning.addingTimeInterval(600), bpm: 64 + Double(day % 6) * 2))
        }
        let thresholds = (try? Parameters.defaults.applying(overrides: ["weight.target_kg": 73, "sbp.low_yellow": 95])) ?? .defaults
        return PatientPage(
            patient: anna, days: 21, weights: weights, bloodPressure: pressures, pulse: pulses, thresholds: thresholds,
            messages: [
                PatientMessage(sentAt: hoursAgo(1), direction: .contactRequest, text: ""),
                PatientMessage(sentAt: hoursAgo(30), direction: .fromClinic(author: "sjuksköterska.sara", audience: .group("hjartsvikt")), text: "Kom ihåg att väga dig varje morgon före frukost."),
            ],
            devices: [
                DeviceStatus(id: "dev-scale-1", name: "A&D UC-352BLE", lastContact: hoursAgo(2), batteryPercent: 64, clockOffsetSeconds: 2),
                DeviceStatus(id: "dev-cuff-1", name: "A&D UA-651BLE", lastContact: hoursAgo(2), batteryPercent: 18, clockOffsetSeconds: -95),
            ])
    }

    static let thresholds = ThresholdsPage(
        patient: anna, individual: [.weightTarget: 73, .sbpLowYellow: 95],
        history: [
            ThresholdChange(name: .sbpLowYellow, oldValue: nil, newValue: 95, changedBy: "dr.lind", changedAt: hoursAgo(240), reason: "Lågt blodtryck sedan uppstart av ARNI; patienten mår bra."),
            ThresholdChange(name: .weightTarget, oldValue: 75, newValue: 73, changedBy: "sjuksköterska.sara", changedAt: hoursAgo(48), reason: "Ny torrvikt efter vårdtillfälle."),
        ])

    static let messages = MessagePage(
        groups: [
            MessageGroup(id: "hjartsvikt", name: "Hjärtsvikt", kind: .diagnosis, memberCount: 42),
            MessageGroup(id: "mottagning-nord", name: "Hjärtmottagningen Nord", kind: .clinic, memberCount: 17),
        ],
        sent: [SentMessage(sentAt: hoursAgo(30), author: "sjuksköterska.sara", audience: .group("hjartsvikt"), audienceName: "Hjärtsvikt", text: "Kom ihåg att väga dig varje morgon före frukost.")])

    static let fleet = FleetPage(
        hubSilentAfter: 24 * 3_600, lowBatteryPercent: 20, clockToleranceSeconds: 60,
        issues: [
            FleetIssue(hubID: "hub-0007", patients: [bertil], problem: .hubSilent(lastHeard: hoursAgo(50))),
            FleetIssue(hubID: "hub-0001", patients: [anna], device: "A&D UA-651BLE", problem: .lowBattery(percent: 18)),
            FleetIssue(hubID: "hub-0001", patients: [anna], device: "A&D UA-651BLE (2)", problem: .clockOff(seconds: -95)),
            FleetIssue(hubID: "hub-0003", patients: [cecilia], device: "A&D UC-352BLE", problem: .deviceSilent(lastReading: hoursAgo(100))),
        ])
}
