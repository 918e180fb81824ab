/// R4 Bundle: a `transaction` the hub sends, the `transaction-response` the server returns. Named
/// FHIRBundle because `Bundle` would clash with Foundation's.
/// https://hl7.org/fhir/R4/bundle.html
public struct FHIRBundle: Codable, Hashable, Sendable {
    public var resourceType = "Bundle"
    public var id: String?
    public var meta: Meta?
    /// transaction | transaction-response | batch | batch-response | searchset | …
    public var type: String
    /// An instant: when the bundle was assembled.
    public var timestamp: String?
    public var entry: [Entry]?

    /// A Bundle of `type`.
    public init(type: String, timestamp: String? = nil, entry: [Entry]? = nil) {
        self.type = type
        self.timestamp = timestamp
        self.entry = entry
    }

    /// R4 Bundle.entry.
    public struct Entry: Codable, Hashable, Sendable {
        public var fullUrl: String?
        public var resource: Resource?
        public var request: Request?
        public var response: Response?
        public init(fullUrl: String?, resource: Resource?, request: Request? = nil, response: Response? = nil) {
            self.fullUrl = fullUrl
            self.resource = resource
            self.request = request
            self.response = response
        }
    }

    /// R4 Bundle.entry.request.
    public struct Request: Codable, Hashable, Sendable {
        /// GET | HEAD | POST | PUT | DELETE | PATCH.
        public var method: String
        public var url: String
        /// Conditional create: the search (`identifier=<system>|<value>`) that must find nothing.
        public var ifNoneExist: String?
        public init(method: String, url: String, ifNoneExist: String? = nil) {
            self.method = method
            self.url = url
            self.ifNoneExist = ifNoneExist
        }
    }

    /// R4 Bundle.entry.response.
    public struct Response: Codable, Hashable, Sendable {
        /// HTTP status code and optional phrase, e.g. "201 Created", "200 OK".
        public var status: String
        public var location: String?
        public var etag: String?
        public var lastModified: String?
        public var outcome: Resource?
        public init(status: String, location: String? = nil, outcome: Resource? = nil) {
            self.status = status
            self.location = location
            self.outcome = outcome
        }

        /// The numeric HTTP status at the start of `status`; nil when it does not start with one.
        public var statusCode: Int? { Int(status.prefix { $0.isNumber }) }
    }
}
