/// Where and how the display page is served. Plain values; the daemon reads them from its config.
public struct DisplayServerConfiguration: Sendable, Equatable {
    /// Address to bind. Loopback by default: the page shows health data and has no login.
    public var host: String
    /// TCP port; 0 picks a free one (tests), see `DisplayServer.waitUntilListening()`.
    public var port: Int
    /// How often idle event streams get a heartbeat comment (also how soon a dead client is noticed).
    public var heartbeatInterval: Duration
    /// How long a browser waits before reconnecting a broken event stream (`retry:`).
    public var retryMilliseconds: Int
    /// Accepted `Host` header names (without port). Guards against DNS rebinding: a web page on
    /// some other site cannot read `/state.json` through a name that resolves to 127.0.0.1.
    public var allowedHosts: Set<String>

    /// Creates a configuration; the defaults suit the hub (loopback, port 8080).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, heartbeatInterval: Duration = .seconds(15),
        retryMilliseconds: Int = 3000, allowedHosts: Set<String> = ["127.0.0.1", "localhost", "::1"]
    ) {
        self.host = host
        self.port = port
        self.heartbeatInterval = heartbeatInterval
        self.retryMilliseconds = retryMilliseconds
        self.allowedHosts = allowedHosts.union([host])
    }
}

extension DisplayServerConfiguration {
    /// Whether a request's authority (`Host`) names this server: "127.0.0.1:8080" → "127.0.0.1".
    public func allows(authority: String) -> Bool {
        allowedHosts.contains(Self.hostName(authority))
    }

    /// Whether a state-changing request comes from the page itself: `Sec-Fetch-Site`, when the
    /// browser sends it, must be `same-origin`, and `Origin` must be this server's own
    /// (`http://<Host header>`). A request without `Origin` is refused: browsers send it on every POST.
    public func isSameOrigin(origin: String?, fetchSite: String?, authority: String) -> Bool {
        if let fetchSite, fetchSite.lowercased() != "same-origin" { return false }
        guard let origin, !authority.isEmpty, allows(authority: authority) else { return false }
        return origin.lowercased() == "http://" + authority.lowercased()
    }

    /// The host part of an authority, lower-cased: "[::1]:80" → "::1", "Localhost:1" → "localhost".
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return authority.lowercased() }
            return String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
        }
        let host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? authority
        return host.lowercased()
    }
}
