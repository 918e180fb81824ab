/// Why a request from a hub is refused, as an HTTP status and an OperationOutcome issue code.
/// `diagnostics` never names a patient (it is logged).
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: Int
    /// The FHIR IssueType code: invalid, structure, not-supported, forbidden, …
    public var code: String
    public var diagnostics: String

    public init(status: Int, code: String, _ diagnostics: String) {
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
    }

    public var description: String { "\(status) \(code): \(diagnostics)" }

    static func invalid(_ text: String) -> Self { .init(status: 400, code: "invalid", text) }
    static func unsupported(_ text: String) -> Self { .init(status: 422, code: "not-supported", text) }
}
