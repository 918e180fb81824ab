import Foundation
import Testing
@testable import HealthProfiles

/// One entry of fixtures/payloads/*.json.
struct PayloadFixture: CustomTestStringConvertible, Sendable {
    let file: String
    let id: String
    let characteristic: String
    let hex: String
    let expectedJSON: String?
    let error: String?
    var testDescription: String { id }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/payloads")

    /// Every fixture of every file (a malformed file yields a fixture whose test fails).
    static func all() -> [PayloadFixture] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var result: [PayloadFixture] = []
        for file in files.sorted() where file.hasSuffix(".json") {
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)),
                  let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                result.append(PayloadFixture(file: file, id: "unreadable-\(file)", characteristic: "", hex: "", expectedJSON: nil, error: nil))
                continue
            }
            for entry in entries {
                let expected = (entry["expected"]).flatMap { try? JSONSerialization.data(withJSONObject: $0) }
                result.append(PayloadFixture(
                    file: file, id: entry["id"] as? String ?? "missing-id", characteristic: entry["characteristic"] as? String ?? "",
                    hex: entry["hex"] as? String ?? "", expectedJSON: expected.map { String(decoding: $0, as: UTF8.self) },
                    error: entry["error"] as? String))
            }
        }
        return result
    }
}

struct FixtureTests {
    @Test func fixturesExistAndIdsAreUnique() {
        let fixtures = PayloadFixture.all()
        #expect(fixtures.count >= 80)
        #expect(Set(fixtures.map(\.id)).count == fixtures.count)
        for characteristic in Characteristic.allCases where characteristic.deviceInformationField == nil {
            #expect(fixtures.contains { $0.characteristic == characteristic.uuidString }, "no fixture for \(characteristic)")
        }
    }

    @Test("every fixture decodes to its expected JSON, field by field", arguments: PayloadFixture.all())
    func fixture(_ fixture: PayloadFixture) throws {
        let characteristic = try #require(Characteristic(parsing: fixture.characteristic), "\(fixture.file)")
        let bytes = try Hex.bytes(fixture.hex)
        if let expectedJSON = fixture.expectedJSON {
            let measurement = try decode(characteristic, bytes)
            let produced = measurement.jsonString
            let actual = try JSONSerialization.jsonObject(with: Data(produced.utf8))
            let expected = try JSONSerialization.jsonObject(with: Data(expectedJSON.utf8))
            #expect(jsonEqual(actual, expected), "\(fixture.id): got \(produced), expected \(expectedJSON)")
            #expect(try decode(characteristic, measurement.encoded()) == measurement, "round trip")
        } else {
            let message = try #require(fixture.error, "\(fixture.id) has neither expected nor error")
            do {
                let measurement = try decode(characteristic, bytes)
                Issue.record("\(fixture.id) decoded to \(measurement.jsonString) but should fail with '\(message)'")
            } catch {
                #expect(error.description.contains(message), "\(fixture.id): \(error.description)")
            }
        }
    }
}

/// Structural JSON equality; numbers compare as decimals.
func jsonEqual(_ lhs: Any, _ rhs: Any) -> Bool {
    switch (lhs, rhs) {
    case let (left as [String: Any], right as [String: Any]):
        return left.count == right.count && left.allSatisfy { key, value in right[key].map { jsonEqual(value, $0) } ?? false }
    case let (left as [Any], right as [Any]):
        return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
    case let (left as String, right as String):
        return left == right
    case (is NSNull, is NSNull):
        return true
    case let (left as NSNumber, right as NSNumber):
        let leftIsBool = isJSONBool(lhs)
        let rightIsBool = isJSONBool(rhs)
        if leftIsBool || rightIsBool { return leftIsBool == rightIsBool && left.boolValue == right.boolValue }
        return Decimal(string: "\(left)") == Decimal(string: "\(right)")
    default:
        return false
    }
}

/// Whether a JSONSerialization value is a boolean (a Swift Bool, or an NSNumber of char type).
func isJSONBool(_ value: Any) -> Bool {
    if type(of: value) == Bool.self { return true }
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c" || String(cString: number.objCType) == "B"
}
