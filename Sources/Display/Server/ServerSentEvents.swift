import Foundation

/// The `text/event-stream` wire format for display events. Events carry a small JSON payload;
/// the page re-fetches the fragments, so a dropped event costs nothing but a moment's delay.
enum ServerSentEvents {
    /// The first bytes of every stream: how long the browser waits before reconnecting.
    static func preamble(retryMilliseconds: Int) -> String {
        "retry: \(max(0, retryMilliseconds))\n\n"
    }

    /// One event as it goes on the wire (`event:`, `id:`, `data:` lines, blank line).
    /// A heartbeat is a comment line, which browsers ignore but which proves the connection alive.
    static func frame(_ event: DisplayEvent) -> String {
        let (name, payload): (String, String)
        switch event {
        case .heartbeat:
            return ": heartbeat\n\n"
        case .reading(let reading):
            (name, payload) = ("reading", json(ReadingNotice(id: reading.id, tone: reading.tone)))
        case .messages(let messages):
            (name, payload) = ("messages", json(CountNotice(count: messages.count)))
        case .trends:
            (name, payload) = ("trends", "{}")
        case .status(let status):
            (name, payload) = ("status", json(StatusNotice(status: status)))
        case .contact(let contact):
            (name, payload) = ("contact", json(ContactNotice(contact: contact)))
        case .notSaved:
            // No value and no kind on the wire: the page re-fetches the box and the status line.
            (name, payload) = ("unsaved", "{}")
        case .refresh:
            (name, payload) = ("refresh", "{}")
        }
        // JSON from JSONEncoder has no raw newlines, but split anyway: each line needs its own `data:`.
        let data = payload.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
        return "event: \(name)\n\(data)\n"
    }

    private struct ReadingNotice: Encodable { var id: String; var tone: DisplayTone }
    private struct CountNotice: Encodable { var count: Int }
    private struct StatusNotice: Encodable { var status: HubStatus }
    private struct ContactNotice: Encodable { var contact: ContactStatus }

    private static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}
