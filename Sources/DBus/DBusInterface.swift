import Synchronization
/// One interface of an exported object: its methods, properties and signals.
public struct DBusInterface: Sendable {
    public let name: String
    public let methods: [DBusMethod]
    public let properties: [DBusProperty]
    public let signals: [DBusSignalSpec]

    public init(name: String, methods: [DBusMethod] = [], properties: [DBusProperty] = [], signals: [DBusSignalSpec] = []) {
        self.name = name
        self.methods = methods
        self.properties = properties
        self.signals = signals
    }

    /// Throws `.invalidArgument` for invalid names or signatures (checked when exported).
    func validate() throws(DBusError) {
        try DBusNames.checkInterface(name)
        for method in methods {
            try DBusNames.checkMember(method.name)
            for argument in method.inArguments + method.outArguments { _ = try argument.signature.singleType() }
        }
        for property in properties {
            try DBusNames.checkMember(property.name)
            _ = try property.signature.singleType()
            if let initial = property.initial, initial.signature != property.signature {
                throw .invalidArgument("property \(name).\(property.name) is '\(property.signature)' but its initial value is '\(initial.signature)'")
            }
        }
        for signal in signals {
            try DBusNames.checkMember(signal.name)
            for argument in signal.arguments { _ = try argument.signature.singleType() }
        }
    }

    func method(named member: String) -> DBusMethod? { methods.first { $0.name == member } }
    func property(named member: String) -> DBusProperty? { properties.first { $0.name == member } }
}

/// A named, typed argument of a method or signal (names appear in introspection only).
public struct DBusArgument: Sendable, Hashable {
    public let name: String
    public let signature: Signature

    public init(_ name: String, _ signature: Signature) {
        self.name = name
        self.signature = signature
    }
}

/// A call to an exported method, as seen by its handler.
public struct DBusMethodCall: Sendable {
    /// Unique bus name of the caller.
    public let sender: String
    public let path: ObjectPath
    public let interface: String
    public let member: String
    /// The arguments, already checked against the method's declared input signature.
    public let arguments: [DBusValue]
    /// Where an early reply goes (nil for calls not made by the export dispatcher).
    let channel: DBusReplyChannel?

    init(sender: String, path: ObjectPath, interface: String, member: String, arguments: [DBusValue],
         channel: DBusReplyChannel? = nil) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.arguments = arguments
        self.channel = channel
    }

    /// Sends the reply now, before the handler returns, so that signals the handler emits after this
    /// call reach the bus after the reply (messages leave in submission order). The handler's own
    /// result is then ignored. Returns false if a reply was already sent or none can be sent.
    @discardableResult
    public func reply(_ values: [DBusValue]) -> Bool { channel?.send(.success(values)) ?? false }

    /// Sends an error reply now (see `reply(_:)`); returns false if a reply was already sent.
    @discardableResult
    public func reply(throwing error: DBusError) -> Bool { channel?.send(.failure(error)) ?? false }
}

/// The one reply of a dispatched call: sent early through `DBusMethodCall.reply` or when the
/// handler returns, whichever comes first.
final class DBusReplyChannel: Sendable {
    private let sent = Mutex(false)
    private let deliver: @Sendable (Result<[DBusValue], DBusError>) -> Void

    init(_ deliver: @escaping @Sendable (Result<[DBusValue], DBusError>) -> Void) {
        self.deliver = deliver
    }

    /// Delivers `outcome` unless a reply went out already (synchronously: the message is queued on
    /// the driver before this returns).
    func send(_ outcome: Result<[DBusValue], DBusError>) -> Bool {
        let first = sent.withLock { sent -> Bool in
            defer { sent = true }
            return !sent
        }
        if first { deliver(outcome) }
        return first
    }
}

/// An exported method. The incoming arguments are checked against `inArguments` before the
/// handler runs (mismatch → `invalidArgumentsError`, by default `org.freedesktop.DBus.Error.InvalidArgs`);
/// a handler throwing `.remote(name:message:)` produces an error reply with that name and message.
public struct DBusMethod: Sendable {
    public typealias Handler = @Sendable (DBusMethodCall) async throws(DBusError) -> [DBusValue]

    public let name: String
    public let inArguments: [DBusArgument]
    public let outArguments: [DBusArgument]
    /// The error name answered when the arguments do not match `inArguments` (a service with its
    /// own error namespace, like org.carehub.Gateway1, answers with its own InvalidArgument).
    public let invalidArgumentsError: String
    public let handler: Handler

    public init(name: String, in inArguments: [(String, Signature)] = [], out outArguments: [(String, Signature)] = [],
                invalidArgumentsError: String = DBusErrorName.invalidArgs, handler: @escaping Handler) {
        self.name = name
        self.inArguments = inArguments.map { DBusArgument($0.0, $0.1) }
        self.outArguments = outArguments.map { DBusArgument($0.0, $0.1) }
        self.invalidArgumentsError = DBusNames.isValidErrorName(invalidArgumentsError) ? invalidArgumentsError : DBusErrorName.invalidArgs
        self.handler = handler
    }

    var inSignature: Signature { Signature(stringLiteral: inArguments.map(\.signature.rawValue).joined()) }
    var outSignature: Signature { Signature(stringLiteral: outArguments.map(\.signature.rawValue).joined()) }
}

/// An exported property. A property whose value is nil is absent: left out of GetAll and
/// ObjectManager snapshots, and Get answers InvalidArgs "No such property" (as BlueZ does).
public struct DBusProperty: Sendable {
    public enum Access: String, Sendable { case read, write, readwrite }

    /// The `org.freedesktop.DBus.Property.EmitsChangedSignal` annotation.
    public enum EmitsChanged: String, Sendable {
        case `true`, invalidates, const, `false`
    }

    public typealias Setter = @Sendable (DBusValue) async throws(DBusError) -> Void

    public let name: String
    public let signature: Signature
    public let access: Access
    public let initial: DBusValue?
    public let emitsChanged: EmitsChanged
    /// Called for a remote `Set` before the value is stored; throwing refuses the write.
    public let set: Setter?

    public init(name: String, signature: Signature, access: Access = .read, initial: DBusValue?,
                emitsChanged: EmitsChanged = .true, set: Setter? = nil) {
        self.name = name
        self.signature = signature
        self.access = access
        self.initial = initial
        self.emitsChanged = emitsChanged
        self.set = set
    }
}

/// A signal an interface declares (for introspection).
public struct DBusSignalSpec: Sendable {
    public let name: String
    public let arguments: [DBusArgument]

    public init(name: String, arguments: [(String, Signature)] = []) {
        self.name = name
        self.arguments = arguments.map { DBusArgument($0.0, $0.1) }
    }
}
