/// One row of the parameter table: what a staff UI or the docs list for a parameter.
public struct ParameterSpec: Sendable, Hashable, Codable {
    /// The parameter's name, as in CLINICAL.md §5a.
    public var name: ParameterName
    /// The default value; `nil` means "not set" (the rules that need it are skipped).
    public var defaultValue: Double?
    /// Unit, for display ("kg", "mmHg", "bpm", "days", …).
    public var unit: String
    /// Smallest allowed override.
    public var minimum: Double
    /// Largest allowed override.
    public var maximum: Double
    /// True when only whole numbers make sense (days, counts, flags).
    public var wholeNumber: Bool
    /// What the parameter does.
    public var summary: String
    /// Where the default comes from.
    public var source: String

    /// Creates a row.
    public init(
        name: ParameterName, defaultValue: Double?, unit: String, minimum: Double, maximum: Double,
        wholeNumber: Bool = false, summary: String, source: String
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self.wholeNumber = wholeNumber
        self.summary = summary
        self.source = source
    }

    /// The allowed range of an override.
    public var allowed: ClosedRange<Double> { minimum...maximum }
}

/// Why a set of parameter overrides was rejected.
public enum ParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name is not in the parameter table.
    case unknown(name: String)
    /// The value is NaN or infinite.
    case notFinite(name: ParameterName)
    /// The value is outside the parameter's allowed range.
    case outOfRange(name: ParameterName, value: Double, allowed: ClosedRange<Double>)
    /// The parameter takes whole numbers only.
    case notWhole(name: ParameterName, value: Double)
    /// Two parameters contradict each other (`lower` must not exceed `upper`).
    case inconsistent(lower: ParameterName, lowerValue: Double, upper: ParameterName, upperValue: Double)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown triage parameter '\(name)'"
        case .notFinite(let name):
            "triage parameter '\(name)' must be a finite number"
        case .outOfRange(let name, let value, let allowed):
            "triage parameter '\(name)' = \(value) is outside the allowed range \(allowed.lowerBound)...\(allowed.upperBound)"
        case .notWhole(let name, let value):
            "triage parameter '\(name)' = \(value) must be a whole number"
        case .inconsistent(let lower, let lowerValue, let upper, let upperValue):
            "triage parameter '\(lower)' = \(lowerValue) must not exceed '\(upper)' = \(upperValue)"
        }
    }
}
