import Foundation

/// One browser tab attached over CDP (flattened session).
public struct BrowserPage: Sendable {
    public let browser: Chromium
    public let session: String

    public static func open(in browser: Chromium, width: Int, height: Int) async throws -> BrowserPage {
        let target = try await browser.call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw ChromiumError(description: "no targetId") }
        let attached = try await browser.call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw ChromiumError(description: "no sessionId") }
        let page = BrowserPage(browser: browser, session: session)
        try await page.resize(width: width, height: height)
        return page
    }

    public func resize(width: Int, height: Int) async throws {
        _ = try await browser.call("Emulation.setDeviceMetricsOverride",
                                   ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false], session: session)
    }

    public func navigate(_ url: String) async throws {
        let result = try await browser.call("Page.navigate", ["url": url], session: session)
        if let error = result["errorText"] as? String { throw ChromiumError(description: "navigate \(url): \(error)") }
    }

    /// Evaluates `expression` (which may return a promise) and returns its JSON value.
    public func evaluate(_ expression: String) async throws -> Any? {
        let result = try await browser.call("Runtime.evaluate",
                                            ["expression": expression, "awaitPromise": true, "returnByValue": true], session: session)
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw ChromiumError(description: "script failed: \(exception["text"] ?? "")")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits, inside the page, until the JS `condition` is true: the page re-checks it every
    /// animation frame and answers as soon as it holds (or false after `seconds`). A navigation
    /// that replaces the document mid-wait is retried.
    public func waitFor(_ condition: String, seconds: Double) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let script = """
            new Promise(function (resolve) {
              var end = performance.now() + \(Int(seconds * 1000));
              (function check() {
                var ok = false;
                try { ok = !!(\(condition)); } catch (e) { ok = false; }
                if (ok) { resolve(true); } else if (performance.now() > end) { resolve(false); } else { setTimeout(check, 5); }
              })();
            })
            """
        while true {
            do {
                return try await evaluate(script) as? Bool ?? false
            } catch {
                // "Execution context was destroyed": the page navigated; ask the new document.
                if ContinuousClock.now > deadline { throw error }
            }
        }
    }

    /// Starts collecting the tab's browser log and console (a CSP violation is a `Log.entryAdded`
    /// of source `security`), for `logMessages()`.
    public func collectLogs() async throws {
        _ = try await browser.call("Log.enable", session: session)
        _ = try await browser.call("Runtime.enable", session: session)
    }

    /// The log entries, console calls and uncaught exceptions so far, one line each:
    /// `security error: Refused to apply inline style…`.
    public func logMessages() -> [String] {
        let entries = browser.events("Log.entryAdded", session: session).compactMap { $0["entry"] as? [String: Any] }.map { entry in
            "\(entry["source"] ?? "?") \(entry["level"] ?? "?"): \(entry["text"] ?? "")"
        }
        let console = browser.events("Runtime.consoleAPICalled", session: session).map { params in
            let arguments = (params["args"] as? [[String: Any]] ?? []).map { "\($0["value"] ?? $0["description"] ?? "")" }
            return "console \(params["type"] ?? "?"): \(arguments.joined(separator: " "))"
        }
        let exceptions = browser.events("Runtime.exceptionThrown", session: session).map { params in
            "exception: \((params["exceptionDetails"] as? [String: Any])?["text"] ?? "")"
        }
        return entries + console + exceptions
    }

    /// A PNG of the whole document `width` wide: the viewport grows to the page's height (at most `maximumHeight`).
    public func fullPageScreenshot(width: Int, maximumHeight: Int = 4000) async throws -> Data {
        try await resize(width: width, height: 600)
        let height = (try await evaluate("Math.ceil(document.documentElement.scrollHeight)") as? NSNumber)?.intValue ?? 600
        try await resize(width: width, height: min(max(height, 200), maximumHeight))
        return try await screenshot()
    }

    /// A PNG of the viewport.
    public func screenshot() async throws -> Data {
        let result = try await browser.call("Page.captureScreenshot", ["format": "png"], session: session)
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw ChromiumError(description: "no screenshot data")
        }
        return data
    }
}

/// Width and height from a PNG's IHDR chunk.
public func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
    func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}
