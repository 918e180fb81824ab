import ArgumentParser
import Foundation
import MonitoringStore

/// `carehub-store worklist`: the open worklist as staff see it on the first page, for a terminal, a
/// script or the demo. Deviations only (a green reading is never an item), most severe then oldest first.
struct WorklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist",
        abstract: "Print the open worklist: deviating readings and contact requests, most severe and oldest first.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "At most this many items.") var limit = 100
    @Option(help: "Time zone the times are shown in.") var timeZone = "Europe/Stockholm"

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone \(timeZone) is not an IANA time zone") }
    }

    func run() async throws {
        let store = try await database.open(logger: quietLogger("carehub-store.worklist"))
        let items: [WorklistItem]
        do {
            items = try await store.worklist(limit: limit)
        } catch {
            await store.shutdown()
            throw StoreCommandError("the worklist could not be read: \(String(describing: error).prefix(200))")
        }
        await store.shutdown()
        if items.isEmpty {
            print("the worklist is empty: no open deviations or contact requests")
            return
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "sv_SE")
        formatter.timeZone = TimeZone(identifier: timeZone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for item in items { print(Self.line(item, time: formatter.string(from: item.occurredAt))) }
    }

    /// `[yellow] 2026-12-07 07:10  patient P-1  W1  Body weight 83.2 kg  — reason (weight.gain_3d_kg=2.0)`.
    static func line(_ item: WorklistItem, time: String) -> String {
        var parts = ["[\(item.colour)]", time, "patient \(item.patientID)"]
        if !item.rules.isEmpty { parts.append(item.rules.joined(separator: ",")) }
        if !item.values.isEmpty { parts.append(item.values.joined(separator: "; ")) }
        var text = parts.joined(separator: "  ")
        let detail = item.detail.replacingOccurrences(of: "\n", with: " ")
        if !detail.isEmpty { text += "  — \(detail)" }
        if !item.parameters.isEmpty { text += " (\(item.parameters.joined(separator: ", ")))" }
        return text
    }
}
