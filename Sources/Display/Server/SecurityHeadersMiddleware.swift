import Hummingbird

/// Adds the headers every response needs and rejects foreign `Host` names.
///
/// - `Cache-Control: no-store`: pages and JSON hold health data; nothing may be kept on disk.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`.
/// - A strict CSP on responses that did not set their own (the page sets one with its nonce).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: DisplayServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard configuration.allows(authority: request.head.authority ?? "") else {
            context.logger.notice("display: request with a foreign Host header refused")
            return Self.secure(Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "forbidden host\n"))))
        }
        return Self.secure(try await next(request, context))
    }

    static func secure(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy") {
            response.headers[referrerPolicy] = "no-referrer"
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        return response
    }
}
