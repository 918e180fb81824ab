import Foundation

/// GATT payloads as the simulated devices send them, dated on Swedish local time (carehubd's
/// default `time_zone`), as scripts/demo-scenario writes them.
enum Payloads {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = stockholm
        return calendar
    }

    /// 07:10 local on the morning `daysBefore` days before the last morning: today once 07:40 has
    /// passed, else yesterday (a reading from the devices' future would be refused).
    static func morning(daysBefore: Int, now: Date = Date()) -> Date {
        let today = calendar.startOfDay(for: now)
        let todayMorning = calendar.date(bySettingHour: 7, minute: 10, second: 0, of: today) ?? today
        let last = now >= todayMorning.addingTimeInterval(30 * 60) ? todayMorning
            : calendar.date(byAdding: .day, value: -1, to: todayMorning) ?? todayMorning
        return calendar.date(byAdding: .day, value: -daysBefore, to: last) ?? last
    }

    static func timestamp(_ date: Date) -> [UInt8] {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = UInt16(c.year ?? 2026)
        return [UInt8(year & 0xFF), UInt8(year >> 8), UInt8(c.month ?? 1), UInt8(c.day ?? 1),
                UInt8(c.hour ?? 0), UInt8(c.minute ?? 0), UInt8(c.second ?? 0)]
    }

    static func sfloat(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0x0F)] }

    /// 0x2A9D: SI units with a time stamp, weight in 0.005 kg steps.
    static func weight(kg: Double, at date: Date) -> String {
        let raw = UInt16((kg / 0.005).rounded())
        return hex([0x02, UInt8(raw & 0xFF), UInt8(raw >> 8)] + timestamp(date))
    }

    /// 0x2A35: mmHg, time stamp, pulse and measurement status (all clear).
    static func bloodPressure(_ systolic: Int, _ diastolic: Int, pulse: Int, at date: Date) -> String {
        let mean = Int((Double(diastolic) + Double(systolic - diastolic) / 3).rounded())
        let body = sfloat(systolic) + sfloat(diastolic) + sfloat(mean) + timestamp(date) + sfloat(pulse) + [0, 0]
        return hex([0x16] + body)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }

    /// A bluez-sim scenario: the shipped cuff and scale (fixtures/scenarios/cuff-and-scale.json)
    /// holding the given readings (nil: that device left out).
    static func scenario(cuff: [String]?, scale: [String]?) throws -> Data {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/scenarios/cuff-and-scale.json")
        guard var scenario = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any],
              let peripherals = scenario["peripherals"] as? [[String: Any]]
        else { throw ScenarioFileError() }
        var kept: [[String: Any]] = []
        for var peripheral in peripherals {
            let isCuff = peripheral["model"] as? String == "cuff"
            guard let readings = isCuff ? cuff : scale else { continue }
            let characteristic = isCuff ? "2A35" : "2A9D"
            peripheral["readings"] = readings.map { ["hex": $0, "characteristic": characteristic] }
            kept.append(peripheral)
        }
        scenario["peripherals"] = kept
        return try JSONSerialization.data(withJSONObject: scenario)
    }

    struct ScenarioFileError: Error {}
}
