/// One measured quantity of a reading kind that has no typed `reading` columns (body composition,
/// temperature, SpO2, glucose; migration `v2-more-kinds`), stored in `reading_quantity` in the
/// reading's own commit. Typed so staff and the forwarder query values, not JSON.
public struct ReadingQuantity: Hashable, Sendable {
    /// Stable key within the reading, e.g. `body_fat`, `temperature`, `spo2`, `pulse`, `glucose`.
    public var name: String
    /// The IEEE 11073-10101 MDC code of the quantity (partition-qualified, decimal), e.g. 150364.
    public var mdcCode: Int
    /// The value in `unit`; always finite (specials stay in `values_json`).
    public var value: Double
    /// UCUM unit as sent or converted exactly, e.g. `%`, `Cel`, `kg`, `/min`, `mmol/L`.
    public var unit: String

    /// Creates a quantity.
    public init(name: String, mdcCode: Int, value: Double, unit: String) {
        self.name = name
        self.mdcCode = mdcCode
        self.value = value
        self.unit = unit
    }
}
