/// R4 OperationOutcome: what a server says about a failed (or partly failed) request.
/// https://hl7.org/fhir/R4/operationoutcome.html
public struct OperationOutcome: Codable, Hashable, Sendable {
    public var resourceType = "OperationOutcome"
    public var id: String?
    public var issue: [Issue]

    /// An outcome with its issues.
    public init(issue: [Issue]) { self.issue = issue }

    /// R4 OperationOutcome.issue.
    public struct Issue: Codable, Hashable, Sendable {
        /// fatal | error | warning | information.
        public var severity: String
        /// The IssueType code (invalid, processing, duplicate, not-found, …).
        public var code: String
        public var details: CodeableConcept?
        public var diagnostics: String?
        public var expression: [String]?
        public init(severity: String, code: String, diagnostics: String? = nil) {
            self.severity = severity
            self.code = code
            self.diagnostics = diagnostics
        }
    }

    /// True when an issue is fatal or an error.
    public var hasErrors: Bool { issue.contains { $0.severity == "fatal" || $0.severity == "error" } }
}
