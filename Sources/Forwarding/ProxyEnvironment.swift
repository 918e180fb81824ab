import Foundation

/// An HTTP proxy the uploader tunnels through (HTTP CONNECT for https).
public struct ProxySetting: Hashable, Sendable {
    public var host: String
    public var port: Int
    /// Basic credentials from the variable's `user:password@`, if any.
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }
}

/// The proxy variables as curl reads them: `https_proxy`/`HTTPS_PROXY` for https, `http_proxy`
/// (lower case only, as curl) for http, and `no_proxy`/`NO_PROXY` for the hosts to reach directly.
public enum ProxyEnvironment {
    /// A proxy variable that cannot be used; names the variable (never its credentials).
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var variable: String
        public var reason: String
        public var description: String { "environment variable \(variable): \(reason)" }
    }

    /// The proxy for `host:port` (`https` when `tls`), nil for a direct connection.
    public static func proxy(
        host: String, port: Int, tls: Bool, environment: [String: String]
    ) throws(Invalid) -> ProxySetting? {
        let names = tls ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        guard let (variable, value) = names.lazy.compactMap({ name in
            environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
        }).first else { return nil }
        let noProxy = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        if bypasses(host: host, port: port, noProxy: noProxy) { return nil }
        return try parse(value, variable: variable)
    }

    /// `[http://][user:password@]host[:port][/]`; curl's default port 1080.
    static func parse(_ value: String, variable: String) throws(Invalid) -> ProxySetting {
        let text = value.contains("://") ? value : "http://" + value
        guard let components = URLComponents(string: text) else {
            throw Invalid(variable: variable, reason: "not a proxy address")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw Invalid(variable: variable, reason: "only http:// proxies are supported (HTTP CONNECT)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(variable: variable, reason: "no proxy host")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw Invalid(variable: variable, reason: "a proxy address has no path")
        }
        return ProxySetting(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: components.port ?? 1080,
            username: components.user?.removingPercentEncoding ?? components.user,
            password: components.password?.removingPercentEncoding ?? components.password)
    }

    /// True when `no_proxy` names the host: `*`; a name matching the host or a parent domain
    /// (`example.org` and `.example.org` both match `a.example.org`); an IP address; an IPv4 CIDR
    /// block; each optionally with `:port`.
    static func bypasses(host: String, port: Int, noProxy: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        for raw in noProxy.split(whereSeparator: { $0 == "," || $0 == " " }) {
            var entry = raw.lowercased()
            if entry == "*" { return true }
            if let (name, entryPort) = splitPort(entry) {
                guard entryPort == port else { continue }
                entry = name
            }
            entry = entry.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            if entry.hasPrefix(".") { entry.removeFirst() }
            guard !entry.isEmpty else { continue }
            if entry.contains("/") {
                if ipv4(host, inBlock: entry) { return true }
                continue
            }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// `name:port` → (name, port) for a name that is not a bare IPv6 address.
    private static func splitPort(_ entry: String) -> (String, Int)? {
        if entry.hasPrefix("["), let close = entry.firstIndex(of: "]") {
            let rest = entry[entry.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (String(entry[...close]), port)
        }
        guard entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":"),
              let port = Int(entry[entry.index(after: colon)...]) else { return nil }
        return (String(entry[..<colon]), port)
    }

    private static func ipv4(_ host: String, inBlock block: String) -> Bool {
        let parts = block.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits),
              let network = ipv4Value(String(parts[0])), let address = ipv4Value(host) else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return network & mask == address & mask
    }

    private static func ipv4Value(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
