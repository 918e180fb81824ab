import Foundation
import MonitoringStore
import TestSupport
import Testing

/// The `carehub-store` executable as an operator runs it, on SQLite and PostgreSQL.
@Suite("carehub-store CLI", .serialized)
struct CLITests {
    static let executable = BuiltProduct.path("carehub-store")

    func argument(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }

    @Test("migrate twice, hub add prints a token that works, staff and patient add", arguments: Backend.allCases)
    func commands(_ backend: Backend) async throws {
        let (store, location) = try await makeStore(backend)
        let database = argument(location)
        #expect(try await ChildProcess.run(Self.executable, ["migrate", "--database", database]).output.contains("schema is at version"))
        let added = try await ChildProcess.run(Self.executable, ["hub", "add", "hub-7", "--patient", "pat-1", "--patient", "pat-2", "--database", database])
        #expect(added.status == 0, "\(added.error)")
        let token = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)
        let hub = try #require(try await store.hub(tokenSHA256: HubToken.sha256Hex(token)))
        #expect(hub.id == "hub-7")
        #expect(hub.patients == ["pat-1", "pat-2"])
        // The same id again: refused, nothing changed.
        let again = try await ChildProcess.run(Self.executable, ["hub", "add", "hub-7", "--patient", "pat-3", "--database", database])
        #expect(again.status != 0)
        #expect(try await store.hub(tokenSHA256: HubToken.sha256Hex(token))?.patients == ["pat-1", "pat-2"])

        let staff = try await ChildProcess.run(Self.executable, ["staff", "add", "anna", "--role", "admin", "--database", database], input: "a long enough password\n")
        #expect(staff.status == 0, "\(staff.error)")
        let user = try #require(try await store.staff(username: "anna"))
        #expect(user.role == .admin)
        #expect(StaffPassword.verify("a long enough password", hash: user.passwordHash))
        #expect(user.passwordHash.hasPrefix("$2"))

        let patient = try await ChildProcess.run(Self.executable, ["patient", "add", "pat-9", "--group", "copd", "--database", database])
        #expect(patient.status == 0, "\(patient.error)")
        #expect(try await store.patientExists("pat-9"))
        await store.shutdown()
    }

    @Test("bad arguments: a clear message, non-zero exit, nothing written", arguments: Backend.allCases)
    func badArguments(_ backend: Backend) async throws {
        let (store, location) = try await makeStore(backend)
        let database = argument(location)
        let cases: [([String], String?)] = [
            (["hub", "add", "hub-1", "--database", database], nil),
            (["hub", "add", "bad id!", "--patient", "p", "--database", database], nil),
            (["hub", "add", "hub-1", "--patient", "p/1", "--database", database], nil),
            (["staff", "add", "anna", "--role", "doctor", "--database", database], "a long enough password\n"),
            (["staff", "add", "anna", "--role", "nurse", "--database", database], "short\n"),
            (["serve", "--database", database, "--listen", "nowhere"], nil),
            (["migrate", "--database", "mysql://x"], nil),
            (["hub", "add", "hub-1", "--patient", "p"], nil),
        ]
        for (arguments, input) in cases {
            let result = try await ChildProcess.run(Self.executable, arguments, input: input)
            #expect(result.status != 0, "\(arguments)")
            #expect(!result.error.isEmpty, "\(arguments): no message")
        }
        #expect(try await store.staff(username: "anna") == nil)
        #expect(try await store.patientExists("p") == false)
        await store.shutdown()
    }

    @Test("a database that was never migrated is refused with a hint to migrate")
    func unmigrated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-\(UUID().uuidString.prefix(8)).sqlite").path
        let result = try await ChildProcess.run(Self.executable, ["hub", "add", "hub-1", "--patient", "p", "--database", "sqlite:\(path)"])
        #expect(result.status != 0)
        #expect(result.error.contains("migrate"))
    }
}
