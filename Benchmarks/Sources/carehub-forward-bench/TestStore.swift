import Foundation
import Hummingbird
import Logging

/// The loopback FHIR store of the benchmark, run as a child process (`--serve`) so the hub's CPU
/// (getrusage SELF) and the store's (getrusage CHILDREN) are measured apart. Keeps resources by
/// identifier and honours `ifNoneExist`, as the tests' store does; answers a transaction-response.
actor Resources {
    private(set) var creates: [String: Int] = [:]

    func apply(_ entries: [(identifier: String?, condition: String?)]) -> [String] {
        entries.map { entry in
            if let condition = entry.condition, creates[condition] != nil { return "200 OK" }
            if let identifier = entry.identifier { creates[identifier, default: 0] += 1 }
            return "201 Created"
        }
    }

    /// (distinct resources, resources created more than once)
    func tally() -> (Int, Int) { (creates.count, creates.values.filter { $0 > 1 }.count) }
}

/// The entries of a transaction Bundle as the `scan` store finds them: each `ifNoneExist` condition
/// in order, by scanning the text (the hub writes `"ifNoneExist":"identifier=SYSTEM|VALUE"` in every
/// entry's request; docs/FHIR.md). No JSON tree: the peer's cost stays out of the hub's figures.
func scanConditions(_ body: ByteBuffer) -> [(identifier: String?, condition: String?)]? {
    let text = String(buffer: body)
    guard text.contains(#""type":"transaction""#) else { return nil }
    let marker = #""ifNoneExist":"identifier="#
    var found: [(identifier: String?, condition: String?)] = []
    var rest = text[...]
    while let range = rest.range(of: marker) {
        guard let end = rest[range.upperBound...].firstIndex(of: "\"") else { return nil }
        let condition = String(rest[range.upperBound..<end])
        found.append((condition, condition))
        rest = rest[end...]
    }
    return found.isEmpty ? nil : found
}

/// `full` parses each Bundle with JSONSerialization, as a general FHIR server parses everything it
/// receives; `scan` finds the conditions in the text, a peer cheap enough that the hub's own rate shows.
func serve(scanning: Bool) async throws {
    let resources = Resources()
    let router = Router()
    router.post("fhir") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 256 << 20)
        if scanning {
            guard let parsed = scanConditions(body) else { throw HTTPError(.badRequest) }
            let statuses = await resources.apply(parsed)
            let entries = statuses.map { #"{"response":{"status":"\#($0)"}}"# }.joined(separator: ",")
            return Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"resourceType":"Bundle","type":"transaction-response","entry":[\#(entries)]}"#)))
        }
        guard let bundle = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let entries = bundle["entry"] as? [[String: Any]] else { throw HTTPError(.badRequest) }
        let parsed = entries.map { entry -> (identifier: String?, condition: String?) in
            let resource = entry["resource"] as? [String: Any]
            let identifier = (resource?["identifier"] as? [[String: Any]])?.first.flatMap { id -> String? in
                guard let system = id["system"] as? String, let value = id["value"] as? String else { return nil }
                return "\(system)|\(value)"
            }
            let condition = ((entry["request"] as? [String: Any])?["ifNoneExist"] as? String)
                .map { String($0.dropFirst("identifier=".count)) }
            return (identifier, condition)
        }
        let statuses = await resources.apply(parsed)
        let answer: [String: Any] = [
            "resourceType": "Bundle", "type": "transaction-response",
            "entry": statuses.map { ["response": ["status": $0]] },
        ]
        return Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: answer))))
    }
    var logger = Logger(label: "bench.store")
    logger.logLevel = .critical
    let application = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
        onServerRunning: { channel in
            // Unbuffered: the parent waits for this line.
            FileHandle.standardOutput.write(Data("port \(channel.localAddress?.port ?? -1)\n".utf8))
        },
        logger: logger)
    let server = Task { try await application.run() }
    // Serve until the parent closes our stdin.
    _ = FileHandle.standardInput.readDataToEndOfFile()
    server.cancel()
    _ = await server.result
    let (distinct, duplicated) = await resources.tally()
    print("\(distinct) \(duplicated)")
}
