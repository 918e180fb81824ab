import AsyncHTTPClient
import Foundation
import NIOCore

/// What one hub sends in a run: a warm-up Bundle or more, then its share of the timed Bundles; the
/// timed Bundles at `resends` are sent a second time, same bytes, right after their answer.
struct HubPlan: Sendable {
    var hub: SimulatedHub
    var warmUp: [PreparedBundle]
    var timed: [PreparedBundle]
    var resends: Set<Int>
}

/// The answers of a phase, merged over every hub.
struct PhaseResult: Sendable {
    var requests = 0
    var readings = 0
    var resends = 0
    /// Seconds from sending a Bundle to having read its whole answer.
    var latencies: [Double] = []
    /// `201 Created` entries in the answers to first sends, and in the answers to re-sends.
    var created = 0
    var createdByResends = 0
    /// Non-200 answers and failed requests, by status (or "error").
    var errors: [String: Int] = [:]
    var firstErrors: [String] = []

    mutating func merge(_ other: PhaseResult) {
        requests += other.requests
        readings += other.readings
        resends += other.resends
        latencies += other.latencies
        created += other.created
        createdByResends += other.createdByResends
        for (key, count) in other.errors { errors[key, default: 0] += count }
        firstErrors += other.firstErrors.prefix(max(0, 5 - firstErrors.count))
    }

    var errorCount: Int { errors.values.reduce(0, +) }
}

/// 200 hubs (or `--hubs`), each with its own connection and token, each sending its next Bundle when
/// the previous one is answered (closed loop), all at once.
struct LoadClient {
    let client: HTTPClient
    let url: String

    init(url: String, hubs: Int) {
        var configuration = HTTPClient.Configuration()
        // One connection per hub, as 200 hubs have; the default would queue them behind 8.
        configuration.connectionPool = .init(idleTimeout: .seconds(300), concurrentHTTP1ConnectionsPerHostSoftLimit: hubs)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.url = url
    }

    func shutdown() async { try? await client.shutdown() }

    /// Runs the phase: every hub's `bundles(plan)` in order, the hubs concurrently.
    func run(_ plans: [HubPlan], timed: Bool) async -> PhaseResult {
        await withTaskGroup(of: PhaseResult.self) { group in
            for plan in plans {
                group.addTask {
                    var result = PhaseResult()
                    for (index, bundle) in (timed ? plan.timed : plan.warmUp).enumerated() {
                        await send(bundle, token: plan.hub.token, resend: false, into: &result)
                        if timed, plan.resends.contains(index) {
                            await send(bundle, token: plan.hub.token, resend: true, into: &result)
                        }
                    }
                    return result
                }
            }
            var merged = PhaseResult()
            for await result in group { merged.merge(result) }
            return merged
        }
    }

    private static let createdMarker = Array("201 Created".utf8)

    private func send(_ bundle: PreparedBundle, token: String, resend: Bool, into result: inout PhaseResult) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/fhir+json")
        request.body = .bytes(bundle.body)
        let start = monotonicSeconds()
        result.requests += 1
        if resend { result.resends += 1 } else { result.readings += bundle.readings }
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 16 << 20)
            result.latencies.append(monotonicSeconds() - start)
            guard response.status.code == 200 else {
                result.errors[String(response.status.code), default: 0] += 1
                if result.firstErrors.count < 5 { result.firstErrors.append("\(response.status.code): \(String(buffer: body).prefix(300))") }
                return
            }
            let created = occurrences(of: Self.createdMarker, in: body.readableBytesView)
            if resend { result.createdByResends += created } else { result.created += created }
        } catch {
            result.latencies.append(monotonicSeconds() - start)
            result.errors["error", default: 0] += 1
            if result.firstErrors.count < 5 { result.firstErrors.append(String(describing: error).prefix(300).description) }
        }
    }
}
