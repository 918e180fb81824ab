/// The parameter values used for one patient: the defaults with that patient's overrides applied.
public struct Parameters: Sendable, Hashable, Codable {
    /// Values by name; a name without a value is unset (only `weight.target_kg` by default).
    public private(set) var values: [ParameterName: Double] {
        didSet { resolved = Self.resolve(values) }
    }
    /// `value(_:)` of every parameter of `ParameterTable.all` (a `ParameterKey`'s index), by position:
    /// derived from `values`, so it takes no part in equality, hashing or coding.
    private var resolved: [Double]

    init(values: [ParameterName: Double]) {
        self.values = values
        self.resolved = Self.resolve(values)
    }

    private static func resolve(_ values: [ParameterName: Double]) -> [Double] {
        ParameterTable.all.map { values[$0.name] ?? $0.defaultValue ?? 0 }
    }

    /// The defaults of rule set hf-default-2025.1.
    public static let defaults = Parameters(
        values: Dictionary(
            ParameterTable.all.compactMap { spec in spec.defaultValue.map { (spec.name, $0) } },
            uniquingKeysWith: { first, _ in first }))

    /// Returns these parameters with per-patient overrides applied, after checking every override.
    ///
    /// Unknown names, non-finite or out-of-range values, fractions for whole-number parameters and
    /// overrides that break an ordering (for example `sbp.low_yellow` above `sbp.high_yellow`) throw.
    public func applying(overrides: [String: Double]) throws(ParameterError) -> Parameters {
        var result = self
        for (rawName, value) in overrides.sorted(by: { $0.key < $1.key }) {
            let name = ParameterName(rawValue: rawName)
            guard let spec = ParameterTable.spec(name) else { throw .unknown(name: rawName) }
            guard value.isFinite else { throw .notFinite(name: name) }
            guard spec.allowed.contains(value) else {
                throw .outOfRange(name: name, value: value, allowed: spec.allowed)
            }
            if spec.wholeNumber, value.rounded() != value { throw .notWhole(name: name, value: value) }
            result.values[name] = value
        }
        for ordering in ParameterTable.orderings {
            guard let lower = result.values[ordering.lower], let upper = result.values[ordering.upper] else {
                continue
            }
            if ordering.strict ? lower >= upper : lower > upper {
                throw .inconsistent(
                    lower: ordering.lower, lowerValue: lower, upper: ordering.upper, upperValue: upper)
            }
        }
        return result
    }

    /// The value of a parameter, or `nil` when it is unset.
    public subscript(name: ParameterName) -> Double? {
        values[name]
    }

    /// The value of a parameter that has a default; falls back to the table default.
    func value(_ key: ParameterKey) -> Double {
        resolved[key.index]
    }

    /// A whole-number parameter as an Int (ranges are checked on override, so this cannot overflow).
    func count(_ key: ParameterKey) -> Int {
        Int(value(key).rounded())
    }

    /// The parameter and its value, as a rule reports it.
    func used(_ key: ParameterKey) -> ParameterValue {
        ParameterValue(name: key.name, value: resolved[key.index])
    }
}

extension Parameters {
    private enum CodingKeys: String, CodingKey {
        case values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(values: try container.decode([ParameterName: Double].self, forKey: .values))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
    }

    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
    }
}
