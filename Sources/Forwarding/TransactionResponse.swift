import Foundation

/// Just enough of a FHIR transaction-response Bundle to know the transaction was applied: the
/// type, one entry per request, and a 2xx status on each. Parsed here, not with the FHIR target,
/// so the uploader does not depend on the mapping.
struct TransactionResponse: Decodable {
    struct Entry: Decodable {
        struct Response: Decodable { var status: String? }
        var response: Response?
    }

    var resourceType: String?
    var type: String?
    var entry: [Entry]?

    /// Nil when `body` confirms `expectedEntries` applied requests, else what is wrong.
    static func problem(in body: [UInt8], expectedEntries: Int) -> String? {
        let response: TransactionResponse
        do {
            response = try JSONDecoder().decode(TransactionResponse.self, from: Data(body))
        } catch {
            return "the answer is not a JSON Bundle"
        }
        guard response.resourceType == "Bundle" else { return "the answer is not a Bundle" }
        guard response.type == "transaction-response" else {
            return "the answer is a Bundle of type \(response.type ?? "none"), not transaction-response"
        }
        let entries = response.entry ?? []
        guard entries.count == expectedEntries else {
            return "the transaction-response has \(entries.count) entries for \(expectedEntries) requests"
        }
        for (index, entry) in entries.enumerated() {
            guard let status = entry.response?.status, let code = statusCode(status), (200..<300).contains(code) else {
                return "entry \(index) of the transaction-response has status \(entry.response?.status ?? "none")"
            }
        }
        return nil
    }

    /// `"201 Created"` → 201.
    static func statusCode(_ status: String) -> Int? {
        Int(status.prefix { $0 != " " })
    }
}

/// The parts of an OperationOutcome that are safe to log: severities and codes, never diagnostics
/// or details (a server may quote the resource, and with it the patient).
enum OperationOutcomeSummary {
    private struct Outcome: Decodable {
        struct Issue: Decodable {
            var severity: String?
            var code: String?
        }
        var resourceType: String?
        var issue: [Issue]?
    }

    /// E.g. `error: invalid, error: required`; nil when the body is not an OperationOutcome.
    static func summary(_ body: [UInt8]) -> String? {
        guard let outcome = try? JSONDecoder().decode(Outcome.self, from: Data(body)),
              outcome.resourceType == "OperationOutcome" else { return nil }
        let issues = (outcome.issue ?? []).prefix(5).map { issue in
            "\(safe(issue.severity) ?? "?"): \(safe(issue.code) ?? "?")"
        }
        return issues.isEmpty ? "no issues" : issues.joined(separator: ", ")
    }

    /// Codes are short tokens of a value set; anything else is not repeated.
    private static func safe(_ text: String?) -> String? {
        guard let text, text.count <= 40, text.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        return text
    }
}
