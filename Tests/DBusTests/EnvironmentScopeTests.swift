import Foundation
import TestSupport
import Testing

/// `withEnvironment` (TestSupport), which the bus-address test uses: a variable a test sets is
/// restored afterwards, whether it was set or unset before, and also when the test throws.
@Suite("withEnvironment restores the environment")
struct EnvironmentScopeTests {
    struct Thrown: Error {}

    static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    @Test func restoresSetAndUnsetVariablesAlsoOnThrow() async throws {
        let set = "CAREHUB_TEST_ENV_SET_\(getpid())", unset = "CAREHUB_TEST_ENV_UNSET_\(getpid())"
        setenv(set, "before", 1)
        defer { unsetenv(set) }
        let seen = try await withEnvironment([set: "inside", unset: "new"]) { (Self.value(set), Self.value(unset)) }
        #expect(seen.0 == "inside" && seen.1 == "new")
        #expect(Self.value(set) == "before")
        #expect(Self.value(unset) == nil)

        await #expect(throws: Thrown.self) {
            try await withEnvironment([set: nil, unset: "again"]) {
                #expect(Self.value(set) == nil)
                throw Thrown()
            }
        }
        #expect(Self.value(set) == "before")
        #expect(Self.value(unset) == nil)
    }
}
