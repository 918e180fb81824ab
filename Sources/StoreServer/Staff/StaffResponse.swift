import Crypto
import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import StorePages

/// Every staff response, page or redirect, with the same security headers: a Content-Security-Policy
/// that allows no script and only the pages' own inline stylesheet (by its SHA-256, so the policy
/// is the same for every response and every instance), no MIME sniffing, no referrer, no caching.
enum StaffResponse {
    /// `'sha256-…'` of `StaffPages.stylesheet`, the text between `<style>` and `</style>`.
    static let styleHash: String = {
        let digest = SHA256.hash(data: Data(StaffPages.stylesheet.utf8))
        return "'sha256-\(Data(digest).base64EncodedString())'"
    }()

    static let contentSecurityPolicy =
        "default-src 'none'; style-src \(styleHash); img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Not among swift-http-types' names; a valid token, so the initializer cannot fail.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    static func headers(cookies: [String]) -> HTTPFields {
        var headers: HTTPFields = [
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            referrerPolicy: "no-referrer",
            .cacheControl: "no-store",
        ]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return headers
    }

    /// An HTML page.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = headers(cookies: cookies)
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 See Other: after a POST, and to the login page.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = headers(cookies: cookies)
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// Equal without an early exit (the CSRF token checks).
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
