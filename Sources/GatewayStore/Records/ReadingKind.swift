/// What a reading measures. Open-ended: new kinds need no schema change.
public struct ReadingKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let bloodPressure = ReadingKind(rawValue: "blood_pressure")
    public static let weight = ReadingKind(rawValue: "weight")
    public static let bodyComposition = ReadingKind(rawValue: "body_composition")
    public static let temperature = ReadingKind(rawValue: "temperature")
    public static let spo2 = ReadingKind(rawValue: "spo2")
    public static let glucose = ReadingKind(rawValue: "glucose")
}
