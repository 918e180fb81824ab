import Foundation
import Testing
@testable import GatewayStore

/// A real process crash: a child process (this test binary, running only `childCommitsThenDies`)
/// commits a reading and SIGKILLs itself the moment `commit` returns; the parent then opens the file.
@Suite("Crash right after commit")
struct CrashTests {
    static let childVariable = "CAREHUB_STORE_CRASH_CHILD_DB"

    @Test("a reading whose commit returned survives SIGKILL of the process")
    func survivesSigkill() async throws {
        let dir = try TempDirectory()
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: binary)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childCommitsThenDies"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: dir.databasePath]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        let exited = AsyncStream<Void> { continuation in
            child.terminationHandler = { _ in continuation.yield(); continuation.finish() }
        }
        try child.run()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited { return true }; return true }
            group.addTask { try? await Task.sleep(for: .seconds(60)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished { child.terminate() }
        #expect(finished, "the child did not finish within 60 s")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL,
                "the child should have killed itself after committing")

        let store = try dir.openStore()
        let readings = try store.recentReadings(limit: 10)
        #expect(readings.map(\.reading.systolic) == [141])
        #expect(try store.count("outbox") == 1)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("crash child: commits one reading, then SIGKILLs itself (runs only when spawned by the test above)",
          .enabled(if: ProcessInfo.processInfo.environment[CrashTests.childVariable] != nil,
                   "runs only as the child of survivesSigkill"))
    func childCommitsThenDies() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childVariable])
        let store = try HubStore.open(path: path, logger: .init(label: "crash-child"))
        let result = try store.commit(reading: Fixture.bp(systolic: 141), assessment: Fixture.assessment())
        guard case .stored = result else { return }
        kill(getpid(), SIGKILL)
    }
}
