import Foundation
import Testing
@testable import Forwarding

@Suite("Forwarding configuration, proxies and answers")
struct ConfigurationTests {
    @Test("valid configurations")
    func valid() throws {
        try ForwardingConfiguration(url: "https://store.example.org/fhir").validate()
        try ForwardingConfiguration(url: "http://127.0.0.1:8080/fhir", batchSize: 1000).validate()
        try ForwardingConfiguration(url: "http://[::1]:8080/fhir", batchSize: 1).validate()
        try ForwardingConfiguration(url: "https://s.example/fhir", clientCertificate: "/c.pem", clientKey: "/k.pem").validate()
    }

    @Test("invalid configurations give errors naming the key", arguments: [
        (ForwardingConfiguration(url: "store.example.org"), "forwarding url \"store.example.org\": not a URL (expected https://host/fhir-base)"),
        (ForwardingConfiguration(url: "http://store.example.org/fhir"),
         "forwarding url \"http://store.example.org/fhir\": must use https (http only to a loopback address)"),
        (ForwardingConfiguration(url: "ftp://store.example.org/"), "forwarding url \"ftp://store.example.org/\": scheme must be https"),
        (ForwardingConfiguration(url: "https://u:p@store.example.org/"),
         "forwarding url \"https://u:p@store.example.org/\": no credentials in the url: use token_file or a client certificate"),
        (ForwardingConfiguration(url: "https://s.example/fhir?x=1"),
         "forwarding url \"https://s.example/fhir?x=1\": the FHIR base must have no query or fragment"),
        (ForwardingConfiguration(url: "https://s.example/", batchSize: 0), "forwarding batch_size 0 is out of range: 1–1000"),
        (ForwardingConfiguration(url: "https://s.example/", batchSize: 1001), "forwarding batch_size 1001 is out of range: 1–1000"),
        (ForwardingConfiguration(url: "https://s.example/", backlogWarningAge: 0),
         "forwarding backlog_warning_age 0.0 must be a positive number of seconds"),
        (ForwardingConfiguration(url: "https://s.example/", tokenFile: ""),
         "forwarding token_file is empty: give a file path or leave the key out"),
        (ForwardingConfiguration(url: "https://s.example/", clientCertificate: "/c.pem"),
         "forwarding client_certificate is set without client_key: mutual TLS needs both"),
        (ForwardingConfiguration(url: "https://s.example/", clientKey: "/k.pem"),
         "forwarding client_key is set without client_certificate: mutual TLS needs both"),
        (ForwardingConfiguration(url: "https://s.example/", backoff: BackoffPolicy(initial: 5, maximum: 1)),
         "forwarding backoff: maximum must be at least initial"),
    ])
    func invalid(configuration: ForwardingConfiguration, message: String) {
        do {
            try configuration.validate()
            Issue.record("accepted: \(configuration)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("proxy variables: https_proxy before HTTPS_PROXY, http_proxy only for http, no_proxy")
    func proxyVariables() throws {
        let https = ["https_proxy": "http://proxy.lan:3128", "HTTPS_PROXY": "http://other:1", "http_proxy": "plain:8080"]
        #expect(try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true, environment: https)
                == ProxySetting(host: "proxy.lan", port: 3128))
        #expect(try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true, environment: ["HTTPS_PROXY": "user:p%40ss@10.0.0.1"])
                == ProxySetting(host: "10.0.0.1", port: 1080, username: "user", password: "p@ss"))
        #expect(try ProxyEnvironment.proxy(host: "127.0.0.1", port: 80, tls: false, environment: https)
                == ProxySetting(host: "plain", port: 8080))
        #expect(try ProxyEnvironment.proxy(host: "127.0.0.1", port: 80, tls: false, environment: ["HTTP_PROXY": "x:1"]) == nil)
        #expect(try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true, environment: ["https_proxy": ""]) == nil)
        #expect(try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true,
                                           environment: ["https_proxy": "http://p:1", "no_proxy": "example"]) == nil)
        #expect(throws: ProxyEnvironment.Invalid(variable: "https_proxy", reason: "only http:// proxies are supported (HTTP CONNECT)")) {
            try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true, environment: ["https_proxy": "socks5://p:1"])
        }
        #expect(throws: ProxyEnvironment.Invalid(variable: "HTTPS_PROXY", reason: "a proxy address has no path")) {
            try ProxyEnvironment.proxy(host: "s.example", port: 443, tls: true, environment: ["HTTPS_PROXY": "http://p:1/x"])
        }
    }

    @Test("no_proxy matching", arguments: [
        ("s.example.org", 443, "*", true),
        ("s.example.org", 443, "example.org", true),
        ("s.example.org", 443, ".example.org", true),
        ("example.org", 443, ".example.org", true),
        ("badexample.org", 443, "example.org", false),
        ("S.Example.ORG", 443, "example.org", true),
        ("s.example.org", 443, "other.org, example.org", true),
        ("s.example.org", 443, "example.org:8443", false),
        ("s.example.org", 8443, "example.org:8443", true),
        ("10.1.2.3", 443, "10.0.0.0/8", true),
        ("11.1.2.3", 443, "10.0.0.0/8", false),
        ("10.1.2.3", 443, "10.1.2.3", true),
        ("::1", 443, "[::1]", true),
        ("s.example.org", 443, "", false),
        ("s.example.org", 443, " , ,", false),
    ])
    func noProxy(host: String, port: Int, noProxy: String, bypass: Bool) {
        #expect(ProxyEnvironment.bypasses(host: host, port: port, noProxy: noProxy) == bypass)
    }

    static func response(_ type: String = "transaction-response", statuses: [String]) -> [UInt8] {
        let entries = statuses.map { #"{"response":{"status":"\#($0)"}}"# }.joined(separator: ",")
        return Array(#"{"resourceType":"Bundle","type":"\#(type)","entry":[\#(entries)]}"#.utf8)
    }

    @Test("a 2xx is accepted only for a transaction-response answering every entry with 2xx")
    func transactionResponses() {
        #expect(TransactionResponse.problem(in: Self.response(statuses: ["201 Created", "200 OK"]), expectedEntries: 2) == nil)
        #expect(TransactionResponse.problem(in: Self.response(statuses: ["201"]), expectedEntries: 1) == nil)
        #expect(TransactionResponse.problem(in: Self.response(statuses: ["201 Created"]), expectedEntries: 2)
                == "the transaction-response has 1 entries for 2 requests")
        #expect(TransactionResponse.problem(in: Self.response(statuses: ["201 Created", "400 Bad Request"]), expectedEntries: 2)
                == "entry 1 of the transaction-response has status 400 Bad Request")
        #expect(TransactionResponse.problem(in: Self.response("batch-response", statuses: ["201"]), expectedEntries: 1)
                == "the answer is a Bundle of type batch-response, not transaction-response")
        #expect(TransactionResponse.problem(in: Array("<html>".utf8), expectedEntries: 1) == "the answer is not a JSON Bundle")
        #expect(TransactionResponse.problem(in: Array(#"{"resourceType":"OperationOutcome"}"#.utf8), expectedEntries: 1)
                == "the answer is not a Bundle")
    }

    @Test("HTTP statuses: retried, refused (split and dead-letter) or accepted")
    func classification() {
        func kind(_ status: Int, _ body: [UInt8] = []) -> String {
            switch HTTPUploader.classify(status: status, body: body, retryAfter: 7, expectedEntries: 1) {
            case .accepted: "accepted"
            case .retry(let reason, let after): "retry \(reason) \(after.map { "\($0)" } ?? "-")"
            case .refused(let status, let reason, let outcome): "refused \(status) \(reason) \(outcome ?? "-")"
            }
        }
        #expect(kind(200, Self.response(statuses: ["201 Created"])) == "accepted")
        #expect(kind(200, Array("{}".utf8)) == "retry HTTP 200 but the answer is not a Bundle -")
        #expect(kind(503) == "retry HTTP 503 7.0")
        #expect(kind(429) == "retry HTTP 429 7.0")
        #expect(kind(408) == "retry HTTP 408 7.0")
        #expect(kind(401).hasPrefix("retry HTTP 401: the store refused the credentials"))
        #expect(kind(404).hasPrefix("retry HTTP 404: url is not a FHIR base"))
        #expect(kind(302).hasPrefix("retry HTTP 302: redirects are not followed"))
        let outcome = #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"Patient X"}]}"#
        #expect(kind(422, Array(outcome.utf8)) == "refused 422 HTTP 422 (error: invalid) \(outcome)")
        #expect(kind(400) == "refused 400 HTTP 400 -")
        #expect(kind(409, Array("conflict".utf8)) == "refused 409 HTTP 409 conflict")
    }
}
