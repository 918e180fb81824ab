import Foundation

/// One target's run: set up (the store's CLI on a fresh database), serve, warm up, the timed phase,
/// stop, and check what the store holds.
struct BenchRun {
    let target: Target
    let options: BenchOptions
    let store: String
    let directory: URL

    func run(plans: [HubPlan], expected: ExpectedContent) async throws -> TargetReport {
        var report = TargetReport(target: target)
        let work = directory.appendingPathComponent(target.rawValue)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var plans = plans
        var database: StoreDatabase?
        let port = try freeLoopbackPort()
        let server: ServerChild
        if target == .floor {
            for index in plans.indices { plans[index].hub.token = "floor-\(index)" }
            let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            server = try ServerChild(own, ["--serve-floor", String(port)], log: work.appendingPathComponent("floor.log"))
        } else {
            let created = try StoreDatabase.create(target, in: work)
            database = created
            do {
                let setUp = monotonicSeconds()
                let hubs = try created.setUp(store: store, hubs: plans.map(\.hub))
                for index in plans.indices { plans[index].hub = hubs[index] }
                report.setUpSeconds = monotonicSeconds() - setUp
                // The rate limit is raised so that it never answers 429 here; its check still runs per request.
                server = try ServerChild(store, [
                    "serve", "--database", created.argument, "--listen", "127.0.0.1:\(port)", "--log-level", "warning",
                    "--hub-rate", "100000", "--hub-burst", "100000", "--connections", String(options.connections),
                ], log: work.appendingPathComponent("store.log"))
            } catch {
                created.postgres?.stop()
                throw error
            }
        }
        let client = LoadClient(url: "http://127.0.0.1:\(port)/fhir", hubs: options.hubs)
        do {
            try await waitUntilAnswering("http://127.0.0.1:\(port)/fhir/metadata", client: client.client, server: server)
            report.durability = database?.durability ?? "nothing stored"
            let warmUp = await client.run(plans, timed: false)
            report.loadBefore = loadAverage()
            let postgresPID = database?.postgres?.pid
            let server0 = ProcCPU.own(server.pid), postgres0 = postgresPID.map(ProcCPU.tree) ?? 0
            let client0 = selfCPU(), wall0 = monotonicSeconds()
            let timed = await client.run(plans, timed: true)
            report.wall = monotonicSeconds() - wall0
            report.clientCPU = selfCPU() - client0
            report.serverCPU = ProcCPU.own(server.pid) - server0
            report.postgresCPU = postgresPID.map { ProcCPU.tree($0) - postgres0 }
            report.loadAfter = loadAverage()
            report.timed = timed
            report.warmUp = warmUp
        } catch {
            report.problems.append("\(error)")
        }
        await client.shutdown()
        let status = server.stop()
        if status != 0 { report.problems.append("the server exited \(status): \(server.logTail())") }
        if let database, report.problems.isEmpty {
            do {
                let counts = try await database.counts(patients: plans.map(\.hub.patient))
                report.check(counts, expected: expected)
            } catch {
                report.problems.append("counting what the store holds failed: \(error)")
            }
        }
        database?.postgres?.stop()
        report.checkAnswers(expected: expected)
        return report
    }
}
