import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with the environment variables in `values` set (a nil value: unset), then puts back
/// what was there before, set or unset, also when `body` throws. The environment is one per process
/// and tests run in parallel, so these scopes run one at a time; a test must still not depend on a
/// variable another test could be reading from a child process it started.
public func withEnvironment<T>(
    _ values: [String: String?], isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
) async throws -> T {
    await EnvironmentLock.shared.acquire()
    let previous = values.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
    for (name, value) in values { set(name, value) }
    defer {
        for (name, value) in previous { set(name, value) }
        Task { await EnvironmentLock.shared.release() }
    }
    return try await body()
}

private func set(_ name: String, _ value: String?) {
    if let value { setenv(name, value, 1) } else { unsetenv(name) }
}

/// A FIFO lock for `withEnvironment` scopes (held across suspension points, so not a mutex).
private actor EnvironmentLock {
    static let shared = EnvironmentLock()
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}
