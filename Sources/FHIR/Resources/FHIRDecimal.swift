import HealthProfiles

/// A FHIR `decimal` kept as its exact JSON text, so the device's precision survives encoding and
/// decoding: SFLOAT mantissa 7240 × 10⁻² is written 72.40 (PHD IG "FLOATS": trailing zeros are the
/// precision), 2 × 10¹ is 20.
///
/// Encoded through ``FHIRJSON`` it is the number text itself; through another encoder (Foundation's
/// JSONEncoder) it falls back to the nearest Double, which may lose the trailing zeros.
public struct FHIRDecimal: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The JSON number text.
    public let text: String

    /// `significand × 10^exponent` with exactly `-exponent` fraction digits (none for exponent ≥ 0).
    public init(_ value: ExactDecimal) {
        let digits = String(value.significand.magnitude)
        let sign = value.significand < 0 ? "-" : ""
        if value.exponent >= 0 {
            text = value.significand == 0 ? "0" : sign + digits + String(repeating: "0", count: value.exponent)
            return
        }
        let fraction = -value.exponent
        let padded = digits.count > fraction ? digits : String(repeating: "0", count: fraction - digits.count + 1) + digits
        let split = padded.index(padded.endIndex, offsetBy: -fraction)
        text = sign + padded[..<split] + "." + padded[split...]
    }

    /// An integer.
    public init(_ value: Int) { text = String(value) }

    /// The shortest text that reads back as `value` ("2.0", "0.45359237"); nil for NaN and infinities.
    /// For values the hub holds as Double (triage parameters), not for device values.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        text = "\(value)"
    }

    /// A JSON number text; nil when `text` is not one.
    public init?(text: String) {
        guard case .number(let parsed)? = try? JSONNode.parse(text), parsed == text else { return nil }
        self.text = text
    }

    /// The nearest Double (for arithmetic and display, never for re-encoding).
    public var doubleValue: Double { Double(text) ?? .nan }

    public var description: String { text }

    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? JSONNodeEncoder.NodeEncoder {
            encoder.slot.kind = .value(.number(text))
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(doubleValue)
        }
    }

    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? JSONNodeDecoder.NodeDecoder {
            guard case .number(let text) = decoder.node else {
                throw DecodingError.typeMismatch(
                    FHIRDecimal.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a number"))
            }
            self.text = text
        } else {
            text = String(try decoder.singleValueContainer().decode(Double.self))
        }
    }
}
