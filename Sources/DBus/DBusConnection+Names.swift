/// Flags of RequestName.
public struct RequestNameFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let allowReplacement = RequestNameFlags(rawValue: 1)
    public static let replaceExisting = RequestNameFlags(rawValue: 2)
    public static let doNotQueue = RequestNameFlags(rawValue: 4)
}

/// Result of RequestName.
public enum RequestNameReply: UInt32, Sendable {
    case primaryOwner = 1, inQueue = 2, exists = 3, alreadyOwner = 4
}

extension DBusConnection {
    /// Requests a well-known name.
    @discardableResult
    public func requestName(_ name: String, flags: RequestNameFlags = []) async throws(DBusError) -> RequestNameReply {
        guard DBusNames.isValidWellKnownName(name) else { throw .invalidArgument("'\(name)' is not a valid well-known name") }
        let reply = try await call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                   method: "RequestName", arguments: [.string(name), .uint32(flags.rawValue)], expecting: "u")
        guard let code = reply.first?.uint32, let result = RequestNameReply(rawValue: code) else {
            throw .invalidArgument("RequestName returned an unknown code")
        }
        return result
    }

    /// Releases a well-known name (no error if not owned).
    public func releaseName(_ name: String) async throws(DBusError) {
        guard DBusNames.isValidWellKnownName(name) else { throw .invalidArgument("'\(name)' is not a valid well-known name") }
        _ = try await call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                           method: "ReleaseName", arguments: [.string(name)], expecting: "u")
    }

    /// The unique name owning `name`, or nil if nobody owns it.
    public func nameOwner(_ name: String) async throws(DBusError) -> String? {
        try DBusNames.checkBusName(name)
        do {
            let reply = try await call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                       method: "GetNameOwner", arguments: [.string(name)], expecting: "s")
            return reply.first?.string
        } catch .remote(name: DBusErrorName.nameHasNoOwner, message: _) {
            return nil
        }
    }

    /// The owner of `name`: the current one first, then every change (nil = no owner), without
    /// repeating an unchanged value. Ends when the connection closes or the stream is cancelled.
    public func nameOwnerChanges(_ name: String) -> AsyncStream<String?> {
        let (stream, continuation) = AsyncStream.makeStream(of: String?.self, bufferingPolicy: .unbounded)
        guard DBusNames.isValidBusName(name) else {
            continuation.finish()
            return stream
        }
        let signals = self.signals(Self.ownerRule(name))
        let task = Task { [weak self] in
            var last: String??
            func emit(_ owner: String?) {
                guard last != .some(owner) else { return }
                last = .some(owner)
                continuation.yield(owner)
            }
            // The rule is queued before GetNameOwner, so no change can fall between the two.
            // `self` stays weak: an open stream does not keep the connection alive.
            guard let initial = await Self.currentOwner(self, name) else {
                continuation.finish()
                return
            }
            emit(initial)
            for await signal in signals {
                guard signal.arguments.count == 3, let newOwner = signal.arguments[2].string else { continue }
                emit(newOwner.isEmpty ? nil : newOwner)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// `.some(owner)` (owner nil = none), or nil if the connection is gone or the call failed.
    private static func currentOwner(_ connection: DBusConnection?, _ name: String) async -> String?? {
        guard let connection else { return nil }
        do { return .some(try await connection.nameOwner(name)) } catch { return nil }
    }
}
