/// A D-Bus match rule for signals (`type='signal'` is implied). Rendered with `string` for AddMatch,
/// and also evaluated locally to route signals to the right stream (one connection receives the
/// union of all its rules).
public struct MatchRule: Sendable, Hashable {
    /// Sender bus name (unique or well-known).
    public var sender: String?
    public var path: ObjectPath?
    /// Matches this path and every path below it.
    public var pathNamespace: ObjectPath?
    public var interface: String?
    public var member: String?
    public var destination: String?
    /// `argN='value'`: the Nth argument is a string equal to the value.
    public var arguments: [Int: String]
    /// `argNpath='value'`: path-prefix match on the Nth string/path argument.
    public var argumentPaths: [Int: String]
    /// `arg0namespace='a.b'`: the first argument is a bus name equal to or below `a.b`.
    public var arg0Namespace: String?

    public init(sender: String? = nil, path: ObjectPath? = nil, pathNamespace: ObjectPath? = nil,
                interface: String? = nil, member: String? = nil, destination: String? = nil,
                arguments: [Int: String] = [:], argumentPaths: [Int: String] = [:], arg0Namespace: String? = nil) {
        self.sender = sender
        self.path = path
        self.pathNamespace = pathNamespace
        self.interface = interface
        self.member = member
        self.destination = destination
        self.arguments = arguments
        self.argumentPaths = argumentPaths
        self.arg0Namespace = arg0Namespace
    }

    /// The rule text sent with AddMatch/RemoveMatch.
    public var string: String {
        var parts = ["type='signal'"]
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            parts.append("\(key)=\(Self.quote(value))")
        }
        add("sender", sender)
        add("path", path?.rawValue)
        add("path_namespace", pathNamespace?.rawValue)
        add("interface", interface)
        add("member", member)
        add("destination", destination)
        for (index, value) in arguments.sorted(by: { $0.key < $1.key }) { add("arg\(index)", value) }
        for (index, value) in argumentPaths.sorted(by: { $0.key < $1.key }) { add("arg\(index)path", value) }
        add("arg0namespace", arg0Namespace)
        return parts.joined(separator: ",")
    }

    /// Match-rule quoting: a `'` cannot appear inside quotes, so it is written as `'\''`.
    static func quote(_ value: String) -> String {
        var out = "'"
        for character in value {
            if character == "'" { out += "'\\''" } else { out.append(character) }
        }
        return out + "'"
    }

    /// Throws `.invalidArgument` for fields the bus would reject (so AddMatch cannot fail on syntax).
    public func validate() throws(DBusError) {
        if let sender { try DBusNames.checkBusName(sender) }
        if let path { try DBusNames.checkPath(path) }
        if let pathNamespace { try DBusNames.checkPath(pathNamespace) }
        if path != nil && pathNamespace != nil { throw .invalidArgument("match rule has both path and path_namespace") }
        if let interface { try DBusNames.checkInterface(interface) }
        if let member { try DBusNames.checkMember(member) }
        if let destination { try DBusNames.checkBusName(destination) }
        for index in Array(arguments.keys) + Array(argumentPaths.keys) where !(0...63).contains(index) {
            throw .invalidArgument("match rule argument index \(index) is outside 0...63")
        }
        for value in Array(arguments.values) + Array(argumentPaths.values) where value.utf8.contains(0) {
            throw .invalidArgument("match rule argument contains a NUL byte")
        }
        if let arg0Namespace, !DBusNames.isValidBusName(arg0Namespace) && !DBusNames.isValidMemberName(arg0Namespace) {
            throw .invalidArgument("'\(arg0Namespace)' is not a valid arg0namespace")
        }
    }
}

extension MatchRule {
    /// True if the header fields match. `senderOwner` resolves a well-known sender name to its
    /// current unique owner; nil means unknown, and the sender test is then skipped.
    func matchesHeader(sender messageSender: String?, path messagePath: String?, interface messageInterface: String?,
                       member messageMember: String?, senderOwner: String?) -> Bool {
        if let sender, sender != messageSender {
            // The bus rewrites a well-known sender to its owner; compare with the owner if known.
            if sender.hasPrefix(":") || sender == DBusBus.name { return false }
            if let senderOwner, senderOwner != messageSender { return false }
        }
        if let path, path.rawValue != messagePath { return false }
        if let pathNamespace {
            guard let messagePath else { return false }
            let ns = pathNamespace.rawValue
            if ns != "/" && messagePath != ns && !messagePath.hasPrefix(ns + "/") { return false }
        }
        if let interface, interface != messageInterface { return false }
        if let member, member != messageMember { return false }
        return true
    }

    /// True if the argument conditions match.
    func matchesArguments(_ values: [DBusValue]) -> Bool {
        for (index, expected) in arguments {
            guard index < values.count, case let .string(actual) = values[index], actual == expected else { return false }
        }
        for (index, expected) in argumentPaths {
            guard index < values.count else { return false }
            let actual: String
            switch values[index] {
            case let .string(text): actual = text
            case let .objectPath(path): actual = path.rawValue
            default: return false
            }
            let prefixMatch = (expected.hasSuffix("/") && actual.hasPrefix(expected))
                || (actual.hasSuffix("/") && expected.hasPrefix(actual))
            guard actual == expected || prefixMatch else { return false }
        }
        if let arg0Namespace {
            guard case let .string(name)? = values.first,
                  name == arg0Namespace || name.hasPrefix(arg0Namespace + ".") else { return false }
        }
        return true
    }
}
