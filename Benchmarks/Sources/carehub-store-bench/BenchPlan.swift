import Foundation

struct BenchOptions: Sendable {
    var readings: Int
    var batch: Int
    var hubs: Int
    var warmUpBundles: Int
    /// Every `resendEvery`-th timed Bundle is sent twice (100: 1 %).
    var resendEvery: Int
    /// `serve --connections` (PostgreSQL's pool).
    var connections: Int

    var timedBundles: Int { (readings + batch - 1) / batch }
}

enum BenchPlan {
    /// Every hub's Bundles, made once before any run (the same bytes go to every target), and what
    /// they hold. The timed Bundles are dealt round-robin (Bundle j to hub j mod hubs), so the hubs'
    /// shares differ by one at most; Bundle j is re-sent when j mod resendEvery is resendEvery − 1.
    static func make(_ options: BenchOptions) async throws -> ([HubPlan], ExpectedContent) {
        try await withThrowingTaskGroup(of: (HubPlan, ExpectedContent).self) { group in
            for index in 0..<options.hubs {
                group.addTask {
                    let hub = SimulatedHub(index: index)
                    let mine = stride(from: index, to: options.timedBundles, by: options.hubs).map { $0 }
                    var expected = ExpectedContent()
                    let warmUp = try ReadingFactory.bundles(
                        for: hub, first: 0, count: options.warmUpBundles, batch: options.batch, expected: &expected)
                    let timed = try ReadingFactory.bundles(
                        for: hub, first: options.warmUpBundles * options.batch, count: mine.count, batch: options.batch,
                        expected: &expected)
                    let resends = Set(mine.enumerated().filter { $0.element % options.resendEvery == options.resendEvery - 1 }.map(\.offset))
                    return (HubPlan(hub: hub, warmUp: warmUp, timed: timed, resends: resends), expected)
                }
            }
            var plans: [HubPlan] = []
            var expected = ExpectedContent()
            for try await (plan, content) in group {
                plans.append(plan)
                expected.merge(content)
            }
            return (plans.sorted { $0.hub.index < $1.hub.index }, expected)
        }
    }
}
