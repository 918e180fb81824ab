extension DBusConnection {
    /// Signals matching `rule`, as an AsyncSequence. The rule is added with AddMatch before this
    /// returns control to the bus queue (so a call made afterwards on this connection is processed
    /// by the bus after the rule is active) and removed with RemoveMatch when the stream is
    /// cancelled or finished. The stream ends when the connection closes. Buffering is unbounded:
    /// a slow consumer costs memory, never a lost signal. An invalid rule yields a finished stream.
    public func signals(_ rule: MatchRule) -> AsyncStream<DBusSignal> {
        let (stream, continuation) = AsyncStream.makeStream(of: DBusSignal.self, bufferingPolicy: .unbounded)
        guard (try? rule.validate()) != nil else {
            continuation.finish()
            return stream
        }
        startSubscription(rule, continuation)
        return stream
    }

    /// Like `signals(_:)`, but returns only after the bus has confirmed the match rule, and reports
    /// an invalid rule or AddMatch failure as an error.
    public func subscribe(_ rule: MatchRule) async throws(DBusError) -> AsyncStream<DBusSignal> {
        try rule.validate()
        let (stream, continuation) = AsyncStream.makeStream(of: DBusSignal.self, bufferingPolicy: .unbounded)
        startSubscription(rule, continuation)
        // The bus handles our messages in order: once this round trip returns, AddMatch is active.
        _ = try await call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface, method: "GetId")
        return stream
    }

    private func startSubscription(_ rule: MatchRule, _ continuation: AsyncStream<DBusSignal>.Continuation) {
        guard let id = driver.signalRouter.add(rule, continuation) else { return }
        if let sender = rule.sender, !sender.hasPrefix(":"), sender != DBusBus.name {
            trackOwner(of: sender)
        }
        sendBusMessage("AddMatch", rule.string)
        let driver = self.driver
        continuation.onTermination = { _ in
            driver.signalRouter.remove(id)
            guard let message = try? Self.busMessage("RemoveMatch", rule.string) else { return }
            driver.submit { $0.sendNow(message) }
        }
    }

    /// Keeps the router's owner table for `name` current, so that `sender='name'` rules are also
    /// enforced locally (the connection receives the union of all its rules).
    /// The owner rule stays for the connection's lifetime (one per name, however many streams).
    private func trackOwner(of name: String) {
        guard driver.signalRouter.beginTracking(name) else { return }
        sendBusMessage("AddMatch", Self.ownerRule(name).string)
        // The reply is applied on the driver thread, in order with NameOwnerChanged signals, so a
        // change that follows the reply can never be overwritten by it.
        guard let message = try? Self.busMessage("GetNameOwner", name) else { return }
        let router = driver.signalRouter
        driver.call(message, method: "GetNameOwner", timeout: .seconds(25)) { outcome in
            switch outcome {
            case let .success(values): router.setOwner(of: name, to: values.first?.string)
            case .failure(.remote(name: DBusErrorName.nameHasNoOwner, message: _)): router.setOwner(of: name, to: nil)
            case .failure: break  // unknown: the sender test stays permissive
            }
        }
    }

    static func ownerRule(_ name: String) -> MatchRule {
        MatchRule(sender: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                  member: "NameOwnerChanged", arguments: [0: name])
    }

    /// Queues a fire-and-forget call to the bus (AddMatch/RemoveMatch), in order with other sends.
    func sendBusMessage(_ method: String, _ argument: String) {
        guard let message = try? Self.busMessage(method, argument) else { return }
        driver.submit { $0.sendNow(message) }
    }

    static func busMessage(_ method: String, _ argument: String) throws(DBusError) -> Message {
        let message = try LibDBus.newMethodCall(destination: DBusBus.name, path: DBusBus.path.rawValue,
                                                interface: DBusBus.interface, member: method)
        try message.append([.string(argument)])
        return message
    }
}
