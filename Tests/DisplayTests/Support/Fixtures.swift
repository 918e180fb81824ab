import Foundation
@testable import Display

/// A realistic display state: a morning weight that turned yellow after a 2.3 kg gain in 3 days,
/// earlier readings, 14 days of trends and a clinic message. Texts follow CLINICAL.md §5.
enum Fixtures {
    /// Monday 2026-11-23 07:12 UTC: the moment of the yellow weight.
    static let now = Date(timeIntervalSince1970: 1_795_417_920)
    static let day = 86_400.0

    static func reading(_ id: String, _ kind: ReadingKind, daysAgo: Double, time: String, value: String, tone: DisplayTone,
                        headline: String = "Värdet ser bra ut.", detail: String = "") -> DisplayReading {
        DisplayReading(id: id, kind: kind, time: now.addingTimeInterval(-daysAgo * day), timeText: time, valueText: value,
                       tone: tone, headline: headline, detail: detail)
    }

    static let yellowWeight = DisplayReading(
        id: "w-2026-11-23", kind: .weight, time: now, timeText: "I dag 07:12", valueText: "76,4 kg", tone: .yellow,
        headline: "Din vikt har ökat mer än 2 kg på 3 dagar.",
        detail: "Följ din egenvårdsplan. Din mottagning har fått information och hör av sig.",
        reasons: []
    )

    static let earlier: [DisplayReading] = [
        reading("bp-2026-11-22", .bloodPressure, daysAgo: 0.55, time: "I går 19:50", value: "128/82 mmHg · puls 64", tone: .green),
        reading("w-2026-11-22", .weight, daysAgo: 1, time: "I går 07:05", value: "75,6 kg", tone: .green),
        reading("bp-2026-11-21", .bloodPressure, daysAgo: 1.6, time: "Lör 19:40", value: "138/84 mmHg · puls 70", tone: .yellow,
                headline: "Blodtrycket är något högt."),
    ]

    static let trends: TrendSeries = {
        let weights: [Double] = [74.0, 74.2, 73.9, 74.1, 74.3, 74.0, 74.2, 74.4, 74.1, 74.3, 74.1, 74.9, 75.6, 76.4]
        let pressures: [(Double, Double)] = [(126, 80), (131, 82), (124, 79), (129, 81), (133, 84), (127, 80), (125, 78),
                                             (130, 83), (136, 86), (128, 81), (132, 82), (138, 84), (128, 82)]
        return TrendSeries(
            start: now.addingTimeInterval(-14 * day), end: now,
            weights: weights.enumerated().map { WeightPoint(time: now.addingTimeInterval(-Double(13 - $0.offset) * day), kg: $0.element) },
            bloodPressure: pressures.enumerated().map {
                BloodPressurePoint(time: now.addingTimeInterval(-Double(13 - $0.offset) * day - 0.5 * day), systolic: $0.element.0, diastolic: $0.element.1)
            },
            weightLines: ThresholdLine.weightLines(targetKg: 74.0, aboveTargetKg: 2.0, language: .sv),
            bloodPressureLines: ThresholdLine.bloodPressureLines()
        )
    }()

    static let message = DisplayMessage(
        id: "msg-1", text: "Hej! Vi ringer dig i morgon förmiddag om din vikt. /Sköterskan Anna",
        sent: now.addingTimeInterval(-0.2 * day), sentText: "I dag 02:24", sender: "Hjärtsviktsmottagningen"
    )

    /// A hub holding the realistic state (without the yellow weight, which tests publish).
    static func hub(language: DisplayLanguage = .sv, subscriberBufferSize: Int = 16) async -> DisplayHub {
        let hub = DisplayHub(language: language, status: .connected, trends: trends, subscriberBufferSize: subscriberBufferSize)
        await hub.setRecent(earlier)
        await hub.setMessages([message])
        return hub
    }
}
