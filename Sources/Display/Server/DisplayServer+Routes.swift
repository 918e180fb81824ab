import Foundation
import Hummingbird

extension DisplayServer {
    /// The routes, behind the security headers and the Host check.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware(configuration: configuration))
        let hub = self.hub
        let retry = configuration.retryMilliseconds

        router.get("/") { _, _ -> Response in
            let nonce = Self.makeNonce()
            let html = PageRenderer.page(await hub.state, nonce: nonce)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: Self.pagePolicy(nonce: nonce),
                ],
                body: .init(byteBuffer: ByteBuffer(string: html))
            )
        }

        router.get("/fragment/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard let html = PageRenderer.fragment(name, await hub.state) else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "no such fragment\n")))
            }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }

        router.get("/state.json") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(await hub.state)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        let actions = self.actions
        let configuration = self.configuration
        router.post("/contact-request") { request, context -> Response in
            // Only the page itself may ask: a page of another site (or another local port) is refused.
            guard configuration.isSameOrigin(
                origin: request.headers[.origin], fetchSite: Self.secFetchSite.flatMap { request.headers[$0] },
                authority: request.head.authority ?? "")
            else {
                context.logger.notice("display: contact request from another origin refused")
                return Self.plain(.forbidden, "cross-origin request refused\n")
            }
            guard let actions else { return Self.plain(.serviceUnavailable, "no clinic to send it to\n") }
            return await actions.requestContact()
                ? Self.plain(.accepted, "stored; sending\n")
                : Self.plain(.serviceUnavailable, "could not be stored\n")
        }

        router.get("/healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }

        router.get("/favicon.ico") { _, _ -> Response in
            Response(status: .noContent)
        }

        router.get("/events") { _, _ -> Response in
            // Subscribe before answering, so an event published right after the browser sees the
            // stream open is not missed.
            let events = await hub.subscribe()
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ServerSentEvents.preamble(retryMilliseconds: retry)))
                for await event in events {
                    try await writer.write(ByteBuffer(string: ServerSentEvents.frame(event)))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8"], body: body)
        }
        return router
    }

    static let secFetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The page's CSP: nothing from elsewhere; inline style and script only with this response's nonce.
    static func pagePolicy(nonce: String) -> String {
        "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    /// 128 random bits, base64.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }
}
