import Foundation

/// A decoded measurement (the JSON `carehub decode` prints) in a technician's words:
/// "128/82 mmHg, pulse 71 bpm", "72.4 kg".
enum MeasurementText {
    /// The main line; nil when the JSON is not an object.
    static func summary(json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        let field = { (key: String) in text(object[key]) }
        let unit = field("unit") ?? ""
        var parts: [String] = []
        switch field("type") ?? "" {
        case "blood_pressure":
            let pressures = [field("systolic"), field("diastolic")].compactMap { $0 }.joined(separator: "/")
            parts.append("\(pressures) \(unit)")
            if let pulse = field("pulse_rate") { parts.append("pulse \(pulse) bpm") }
            if let mean = field("mean_arterial_pressure") { parts.append("mean \(mean) \(unit)") }
        case "intermediate_cuff_pressure":
            parts.append("cuff pressure \(field("cuff_pressure") ?? "?") \(unit)")
        case "weight":
            if let weight = field("weight") {
                parts.append("\(weight) \(unit)")
            } else {
                parts.append("the scale reports the measurement failed")
            }
            if let bmi = field("bmi") { parts.append("BMI \(bmi)") }
        case "body_composition":
            if let fat = field("body_fat_percentage") { parts.append("body fat \(fat) %") }
            if let weight = field("weight") { parts.append("\(weight) \(unit)") }
        case "temperature":
            parts.append("\(field("temperature") ?? "?") \(unit == "Cel" ? "°C" : unit == "degF" ? "°F" : unit)")
        case "plx_spot_check":
            parts.append("SpO2 \(field("spo2") ?? "?") %")
            if let pulse = field("pulse_rate") { parts.append("pulse \(pulse) bpm") }
        case "glucose":
            parts.append("glucose \(field("concentration") ?? "?") \(unit)")
        default:
            return field("type").map { "\($0.replacingOccurrences(of: "_", with: " ")) (see --json)" }
        }
        if let user = field("user_id") { parts.append("user \(user)") }
        return parts.joined(separator: ", ")
    }

    /// What was measured, in words ("Blood pressure"); nil when the JSON is not an object.
    static func title(json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        let titles = [
            "blood_pressure": "Blood pressure", "intermediate_cuff_pressure": "Cuff pressure", "weight": "Weight",
            "body_composition": "Body composition", "temperature": "Temperature", "plx_spot_check": "Pulse oximetry",
            "glucose": "Glucose",
        ]
        return titles[type] ?? type.replacingOccurrences(of: "_", with: " ").capitalized
    }

    /// The device's own timestamp, if it sent one ("2026-11-23T07:12:00", the device's local time).
    static func timestamp(json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object["timestamp"] as? String
    }

    /// What a decoded value prints as: numbers as their JSON text, specials ("NaN") as they are.
    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
