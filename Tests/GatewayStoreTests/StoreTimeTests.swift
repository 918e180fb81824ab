import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Hand-rolled formatting on the commit path matches what GRDB and JSON expect")
struct StoreTimeTests {
    @Test("StoreTime.text equals GRDB's own Date storage text", arguments: [
        0, 1, 0.999, 951_782_400.5, 1_709_208_000.123, 1_795_000_000, 4_102_444_799.999, 1_234_567_890.0009,
    ] as [TimeInterval])
    func matchesGRDB(_ seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let grdb = try #require(String.fromDatabaseValue(date.databaseValue))
        #expect(StoreTime.text(date) == grdb)
        #expect(Date.fromDatabaseValue(StoreTime.text(date).databaseValue) != nil)
    }

    @Test("JSON arrays of rule ids are valid JSON and round-trip")
    func jsonArray() throws {
        let ids = ["W1", "B1", "quote\"back\\slash", "tab\tnew\nline\u{01}", "Värdet"]
        let text = JSONText.array(ids)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == ids)
        #expect(JSONText.array([]) == "[]")
    }
}
