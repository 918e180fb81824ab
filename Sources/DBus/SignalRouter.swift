import Synchronization

/// Fans incoming signals out to the streams whose match rule they satisfy. Subscriptions are added
/// and removed from any thread; `deliver` runs on the driver thread and decodes a signal's
/// arguments at most once, only if some rule's header fields match.
final class SignalRouter: Sendable {
    private struct Subscription {
        let rule: MatchRule
        let continuation: AsyncStream<DBusSignal>.Continuation
    }

    private struct State {
        var subscriptions: [UInt64: Subscription] = [:]
        var nextID: UInt64 = 0
        var closed = false
        /// Well-known sender names used in rules, and their current unique owner once known
        /// ("" = no owner). Until known, the sender test is skipped rather than dropping signals.
        var tracked: Set<String> = []
        var owners: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// Registers a stream; returns nil (and finishes it) if the connection is already closed.
    func add(_ rule: MatchRule, _ continuation: AsyncStream<DBusSignal>.Continuation) -> UInt64? {
        let id = state.withLock { state -> UInt64? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.subscriptions[state.nextID] = Subscription(rule: rule, continuation: continuation)
            return state.nextID
        }
        if id == nil { continuation.finish() }
        return id
    }

    func remove(_ id: UInt64) {
        state.withLock { _ = $0.subscriptions.removeValue(forKey: id) }
    }

    /// Starts tracking the owner of a well-known name; false if it is already tracked.
    func beginTracking(_ name: String) -> Bool {
        state.withLock { state in
            state.tracked.insert(name).inserted
        }
    }

    /// Records the owner of a well-known name so that `sender='name'` rules are checked locally.
    func setOwner(of name: String, to owner: String?) {
        state.withLock { $0.owners[name] = owner ?? "" }
    }

    /// Ends every stream; later subscriptions end at once.
    func finishAll() {
        let subscriptions = state.withLock { state in
            state.closed = true
            defer { state.subscriptions.removeAll() }
            return state.subscriptions
        }
        for (_, subscription) in subscriptions { subscription.continuation.finish() }
    }

    /// Driver thread.
    func deliver(_ raw: LibDBus.MessagePtr) {
        let sender = LibDBus.sender(raw)
        let path = LibDBus.path(raw)
        let interface = LibDBus.interface(raw)
        let member = LibDBus.member(raw)
        let (subscriptions, owners, tracked) = state.withLock { ($0.subscriptions, $0.owners, $0.tracked) }
        trackOwnerChange(sender: sender, interface: interface, member: member, raw: raw, tracked: tracked)
        let candidates = subscriptions.values.filter {
            $0.rule.matchesHeader(sender: sender, path: path, interface: interface, member: member,
                                  senderOwner: $0.rule.sender.flatMap { owners[$0] })
        }
        guard !candidates.isEmpty, let path, let interface, let member else { return }
        guard let arguments = try? LibDBus.ref(message: raw).arguments() else {
            LibDBus.trace("dropping a signal whose arguments cannot be decoded")
            return
        }
        let signal = DBusSignal(sender: sender ?? "", path: ObjectPath(stringLiteral: path), interface: interface,
                                member: member, arguments: arguments)
        for candidate in candidates where candidate.rule.matchesArguments(arguments) {
            candidate.continuation.yield(signal)
        }
    }

    private func trackOwnerChange(sender: String?, interface: String?, member: String?, raw: LibDBus.MessagePtr,
                                  tracked: Set<String>) {
        guard !tracked.isEmpty, sender == DBusBus.name, interface == DBusBus.interface, member == "NameOwnerChanged",
              let arguments = try? LibDBus.ref(message: raw).arguments(), arguments.count == 3,
              let name = arguments[0].string, tracked.contains(name), let newOwner = arguments[2].string
        else { return }
        state.withLock { $0.owners[name] = newOwner }
    }
}
