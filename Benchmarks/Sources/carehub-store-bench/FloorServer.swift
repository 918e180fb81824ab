import Foundation
import Hummingbird
import Logging

/// The floor (`--serve-floor PORT`, run as a child process like the store): Hummingbird on the same
/// loopback, taking the same Bundles from the same client and answering a transaction-response of
/// the same shape (one `201 Created` with a location per entry), but parsing and storing nothing.
/// What the store costs above it is its own: JSON, FHIR checks, SQL, the commit.
func serveFloor(port: Int) async throws {
    let router = Router()
    router.get("fhir/metadata") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                 body: .init(byteBuffer: ByteBuffer(string: #"{"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"]}"#)))
    }
    router.post("fhir") { request, _ -> Response in
        guard request.headers[.authorization]?.hasPrefix("Bearer ") == true else { throw HTTPError(.unauthorized) }
        let body = try await request.body.collect(upTo: 2 << 20)
        let entries = occurrences(of: Array(#""request":"#.utf8), in: body.readableBytesView)
        var text = #"{"resourceType":"Bundle","type":"transaction-response","entry":["#
        text.reserveCapacity(64 + entries * 100)
        for index in 0..<entries {
            if index > 0 { text += "," }
            text += #"{"response":{"status":"201 Created","location":"Observation/00000000-0000-4000-8000-000000000000"}}"#
        }
        text += "]}"
        return Response(status: .ok, headers: [.contentType: "application/fhir+json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
    var logger = Logger(label: "bench.floor")
    logger.logLevel = .warning
    let application = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil), logger: logger)
    try await application.runService()
}

/// How often `needle` occurs in `haystack` (non-overlapping).
func occurrences(of needle: [UInt8], in haystack: some Collection<UInt8>) -> Int {
    let bytes = Array(haystack)
    guard let first = needle.first, bytes.count >= needle.count else { return 0 }
    var count = 0, index = 0
    while index <= bytes.count - needle.count {
        if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) {
            count += 1
            index += needle.count
        } else {
            index += 1
        }
    }
    return count
}
