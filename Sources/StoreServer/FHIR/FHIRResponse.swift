import FHIR
import Hummingbird
import MonitoringStore
import NIOCore

/// FHIR answers: `application/fhir+json` bodies, OperationOutcomes for refusals.
enum FHIRResponse {
    static let contentType = "application/fhir+json; charset=utf-8"

    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func resource(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do {
            return json(try FHIRJSON.encode(value), status: status)
        } catch {
            return outcome(status: .internalServerError, code: "exception", "the answer could not be encoded")
        }
    }

    static func outcome(status: HTTPResponse.Status, code: String, _ diagnostics: String, headers: HTTPFields = [:]) -> Response {
        let outcome = OperationOutcome(issue: [.init(severity: "error", code: code, diagnostics: diagnostics)])
        let text = (try? FHIRJSON.encode(outcome))
            ?? #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}"#
        return json(text, status: status, headers: headers)
    }

    static func refusal(_ error: IngestError) -> Response {
        outcome(status: .init(code: error.status), code: error.code, error.diagnostics)
    }

    /// A searchset Bundle of stored resource texts (kept as received; not re-encoded).
    static func searchset(_ resources: [(reference: String, json: String)], base: String) -> Response {
        var text = #"{"resourceType":"Bundle","type":"searchset","total":"# + String(resources.count) + #","entry":["#
        for (index, resource) in resources.enumerated() {
            if index > 0 { text += "," }
            text += #"{"fullUrl":""# + base + "/" + resource.reference + #"","resource":"# + resource.json + #","search":{"mode":"match"}}"#
        }
        text += "]}"
        return json(text)
    }
}
