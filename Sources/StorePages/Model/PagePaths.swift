/// The URLs of the staff pages and their forms. The server's routes must match; defaults below.
public struct PagePaths: Sendable, Hashable {
    public var login = "/login"
    public var logout = "/logout"
    public var worklist = "/"
    public var acknowledge = "/worklist/acknowledge"
    public var messages = "/messages"
    public var fleet = "/fleet"
    /// Prefix of a patient's page: `/patients/<id>`; thresholds at `/patients/<id>/thresholds`.
    public var patients = "/patients"

    public init() {}

    /// The patient's page; the id is percent-encoded as a path segment.
    public func patient(_ id: String) -> String {
        "\(patients)/\(Self.segment(id))"
    }

    /// The patient's thresholds form (GET shows it, POST saves it).
    public func thresholds(_ id: String) -> String {
        "\(patient(id))/thresholds"
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func segment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }
}
