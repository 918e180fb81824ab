import Foundation
import Triage

/// A submitted thresholds form: the patient's whole set of individual thresholds and why.
///
/// The form has one input per parameter of `ParameterTable` (named as the parameter); a blank input
/// means "use the rule set's default", so the result is the complete override set that
/// docs/STORE-API.md's thresholds `Basic` carries.
public struct ThresholdsForm: Sendable, Hashable {
    public static let maximumReason = 1000

    /// The individual values, by parameter; a parameter absent uses the default.
    public var overrides: [ParameterName: Double]
    /// Why they were changed (required).
    public var reason: String

    /// Decodes and checks every parameter (a decimal number, point or comma; finite; in the table's
    /// range; whole where the table says so; ordered pairs kept ordered) and the reason.
    public init(_ form: FormFields) throws(FormErrors) {
        var errors: [FieldError] = []
        var overrides: [ParameterName: Double] = [:]
        for spec in ParameterTable.all {
            guard let text = FieldText.trimmed(form.value(spec.name.rawValue)) else { continue }
            let field = FormField.parameter(spec.name)
            switch DecimalText.parse(text) {
            case .problem(let problem):
                errors.append(FieldError(field, problem))
            case .value(let value):
                if !spec.allowed.contains(value) {
                    errors.append(FieldError(field, .outOfRange(minimum: spec.minimum, maximum: spec.maximum)))
                } else if spec.wholeNumber, value.rounded() != value {
                    errors.append(FieldError(field, .notWhole))
                } else {
                    overrides[spec.name] = value
                }
            }
        }
        if errors.isEmpty {
            // The ordering checks are Triage's own, so the form and the hub agree on what is valid.
            do {
                _ = try Parameters.defaults.applying(overrides: Dictionary(uniqueKeysWithValues: overrides.map { ($0.key.rawValue, $0.value) }))
            } catch {
                errors.append(Self.fieldError(error))
            }
        }
        self.overrides = overrides
        reason = FieldText.required(.reason, form.value(FormField.reason.name), maximum: Self.maximumReason, into: &errors)
        guard errors.isEmpty else { throw FormErrors(errors) }
    }

    private static func fieldError(_ error: ParameterError) -> FieldError {
        switch error {
        case .inconsistent(let lower, _, let upper, _):
            let strict = ParameterTable.orderings.contains { $0.lower == lower && $0.upper == upper && $0.strict }
            return FieldError(.parameter(lower), .mustNotExceed(.parameter(upper), strict: strict))
        case .unknown(let name):
            return FieldError(.parameter(ParameterName(rawValue: name)), .unknownChoice)
        case .notFinite(let name):
            return FieldError(.parameter(name), .notFinite)
        case .outOfRange(let name, _, let allowed):
            return FieldError(.parameter(name), .outOfRange(minimum: allowed.lowerBound, maximum: allowed.upperBound))
        case .notWhole(let name, _):
            return FieldError(.parameter(name), .notWhole)
        }
    }
}

/// Decimal numbers as staff type them: "2,5" or "2.5", optional sign and exponent; never NaN.
enum DecimalText {
    enum Parsed: Equatable {
        case value(Double)
        case problem(FieldError.Problem)
    }

    static func parse(_ text: String) -> Parsed {
        let normalized = text.replacingOccurrences(of: ",", with: ".")
        let allowed = normalized.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
        guard allowed, normalized.utf8.count <= 40, let value = Double(normalized) else { return .problem(.notANumber) }
        guard value.isFinite else { return .problem(.notFinite) }
        return .value(value)
    }
}
