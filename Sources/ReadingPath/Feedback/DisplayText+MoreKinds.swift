import Display
import Foundation
import GatewayStore

extension DisplayText {
    /// The display's kind for a stored kind.
    func displayKind(_ kind: GatewayStore.ReadingKind) -> Display.ReadingKind {
        switch kind {
        case .bloodPressure: .bloodPressure
        case .weight: .weight
        case .bodyComposition: .bodyComposition
        case .temperature: .temperature
        case .spo2: .oxygenSaturation
        case .glucose: .glucose
        default: .other
        }
    }

    /// The value text of the v2 kinds, from their stored quantities, in words the patient knows:
    /// "70,0 kg · kroppsfett 25,0 %", "37,6 °C", "97 % · puls 75", "5,3 mmol/l"; "–" without a value.
    /// °F, lb and mg/dL are shown converted (°C, kg, mmol/L), as kPa and lb are for BP and weight.
    func moreKindsValue(_ reading: NewReading) -> String {
        let space = Self.noBreakSpace
        let swedish = language == .swedish
        func quantity(_ name: String) -> ReadingQuantity? {
            reading.quantities.first { $0.name == name && $0.value.isFinite }
        }
        switch reading.kind {
        case .bodyComposition:
            var parts: [String] = []
            if let weight = quantity("weight") {
                let kg = weight.unit == "[lb_av]" ? weight.value * VitalMapping.kgPerPound : weight.value
                parts.append("\(decimal(kg, digits: 1))\(space)kg")
            }
            if let fat = quantity("body_fat") {
                parts.append("\(swedish ? "kroppsfett" : "body fat")\(space)\(decimal(fat.value, digits: 1))\(space)%")
            }
            return parts.isEmpty ? "–" : parts.joined(separator: " · ")
        case .temperature:
            guard let temperature = quantity("temperature") else { return "–" }
            let celsius = temperature.unit == "[degF]" ? (temperature.value - 32) * 5 / 9 : temperature.value
            return "\(decimal(celsius, digits: 1))\(space)°C"
        case .spo2:
            guard let spo2 = quantity("spo2") else { return "–" }
            var text = "\(whole(spo2.value))\(space)%"
            if let pulse = quantity("pulse") {
                text += " · \(swedish ? "puls" : "pulse")\(space)\(whole(pulse.value))"
            }
            return text
        case .glucose:
            guard let glucose = quantity("glucose") else { return "–" }
            // mg/dL → mmol/L with glucose's molar mass, 180.156 g/mol.
            let mmol = glucose.unit == "mg/dL" ? glucose.value * 10 / 180.156 : glucose.value
            return "\(decimal(mmol, digits: 1))\(space)\(swedish ? "mmol/l" : "mmol/L")"
        default:
            return "–"
        }
    }

    /// The display's notice for a reading the store refused (no value, on purpose).
    func unsaved(kind: GatewayStore.ReadingKind, receivedAt: Date) -> UnsavedReading {
        UnsavedReading(kind: displayKind(kind), received: receivedAt, receivedText: time(receivedAt, now: receivedAt))
    }
}
