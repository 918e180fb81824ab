import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Hand-rolled time formatting on the commit path matches what GRDB expects")
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
}
