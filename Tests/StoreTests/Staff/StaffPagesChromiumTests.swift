import BrowserSupport
import FHIR
import Foundation
import MonitoringStore
import Testing

/// The staff pages in a real headless Chromium: log in through the form, the worklist with a yellow
/// weight gain and no green reading, the patient's trends with thresholds drawn, a message sent
/// through the form, and no Content-Security-Policy violation on the way. With
/// `$CAREHUB_SCREENSHOT_DIR` set (`make screenshots-store`), the three pages are saved there.
@Suite("Staff pages in headless Chromium", .serialized,
       .enabled(if: Chromium.executable != nil, "chromium is not installed (apt-get install chromium); CI installs it"))
struct StaffPagesChromiumTests {
    static let width = 1280

    @Test("log in, worklist, patient page, message form; no CSP violation", arguments: Backend.allCases)
    func staffWorkflow(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        try await StaffPagesScenario.load(into: harness)
        try await harness.store.addStaff(username: "sara", passwordHash: StaffPassword.hash(StaffClient.password, cost: 4), role: .nurse)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-chromium-\(harness.port).log").path
        let browser = try Chromium.launch(logFile: log)
        do {
            try await walkThrough(harness, browser: browser, screenshots: backend == .sqlite, log: log)
        } catch {
            await browser.shutDown()
            await harness.stop()
            throw error
        }
        await browser.shutDown()
        await harness.stop()
    }

    private func walkThrough(_ harness: StoreHarness, browser: Chromium, screenshots: Bool, log: String) async throws {
        let page = try await timeLimit(60, "chromium to open a tab") { try await BrowserPage.open(in: browser, width: Self.width, height: 800) }
        try await page.collectLogs()
        let base = harness.baseURL

        // Log in through the real form: type into the fields, press the button.
        try await page.navigate(base + "/login")
        #expect(try await page.waitFor("document.querySelector('form input[name=csrf_token]') && document.getElementById('username')", seconds: 30),
                "the login page loaded (log: \(log))")
        _ = try await page.evaluate("""
            (function () {
              function type(id, text) { var e = document.getElementById(id); e.focus(); e.value = text; e.dispatchEvent(new Event('input', {bubbles: true})); }
              type('username', 'sara'); type('password', \(jsString(StaffClient.password)));
              document.querySelector('form button[type=submit]').click();
              return true;
            })()
            """)
        #expect(try await page.waitFor("location.pathname === '/' && document.querySelector('table.worklist')", seconds: 30), "logged in to the worklist")

        // The worklist: the yellow weight gain with its value and reason, the red one, no green reading.
        let rows = try await page.evaluate("Array.prototype.map.call(document.querySelectorAll('tr.item'), function (r) { return r.className; })") as? [String]
        #expect(rows == ["item item-red", "item item-yellow"], "\(rows ?? [])")
        let yellow = try await page.evaluate("document.querySelector('tr.item-yellow').textContent") as? String ?? ""
        #expect(yellow.contains("84,6 kg") && yellow.contains("W1") && yellow.contains("Viktökning 2,3 kg på 3 dygn"), "\(yellow)")
        #expect(try await page.evaluate("document.querySelectorAll('tr.item-green').length") as? Int == 0)
        #expect(try await page.evaluate("document.body.textContent.indexOf('pat-0003') < 0") as? Bool == true, "the green patient is not listed")
        #expect(try await page.evaluate("document.querySelectorAll('tr.contact-request').length") as? Int == 1)
        // The inline stylesheet was applied (a CSP that blocked it would leave the badge unpainted).
        let badge = try await page.evaluate("getComputedStyle(document.querySelector('.badge-yellow')).backgroundColor") as? String
        #expect(badge != nil && badge != "rgba(0, 0, 0, 0)", "\(badge ?? "nil")")
        if screenshots { try await save(page, "store-worklist.png") }

        // The patient page: three SVG trends, the thresholds drawn as labelled lines.
        _ = try await page.evaluate("document.querySelector('tr.item-yellow a[href=\"/patients/pat-0001\"]').click(), true")
        #expect(try await page.waitFor("location.pathname === '/patients/pat-0001' && document.querySelectorAll('figure svg').length === 3", seconds: 30))
        let circles = try await page.evaluate("document.querySelectorAll('figure svg circle').length") as? Int ?? 0
        #expect(circles >= 20, "weights, systolic and pulse plotted: \(circles)")
        let svgText = try await page.evaluate("Array.prototype.map.call(document.querySelectorAll('figure svg'), function (s) { return s.textContent; }).join(' | ')") as? String ?? ""
        for label in ["Målvikt", "Röd ≥180", "Gul ≥140", "Röd ≥120"] { #expect(svgText.contains(label), "threshold line \(label)") }
        let devices = try await page.evaluate("document.querySelector('table.devices').textContent") as? String ?? ""
        #expect(devices.contains("Example Scales AB WS-20BT"), "\(devices)")
        if screenshots { try await save(page, "store-patient.png") }

        // The message form: to a group, through the real form.
        try await page.resize(width: Self.width, height: 800)
        _ = try await page.evaluate("document.querySelector('nav a[href=\"/messages\"]').click(), true")
        #expect(try await page.waitFor("location.pathname === '/messages' && document.getElementById('text')", seconds: 30))
        _ = try await page.evaluate("""
            (function () {
              document.getElementById('audience-group').click();
              document.getElementById('group').value = 'hjartsvikt';
              var text = document.getElementById('text');
              text.value = \(jsString(StaffPagesScenario.message));
              text.dispatchEvent(new Event('input', {bubbles: true}));
              document.querySelector('form.stack button[type=submit]').click();
              return true;
            })()
            """)
        #expect(try await page.waitFor("location.search === '?notice=message-sent' && document.querySelector('table.sent')", seconds: 30), "the message was sent")
        let sent = try await harness.store.messages(forPatient: "pat-0001", after: nil).map(\.text)
        #expect(sent.contains(StaffPagesScenario.message))
        #expect(try await harness.store.messages(forPatient: "pat-0003", after: nil).isEmpty, "pat-0003 is not in the group")
        if screenshots { try await save(page, "store-message.png") }

        // No page broke the policy. A style added from outside must be refused and logged: that
        // shows the check above can see a violation when there is one.
        let violations = page.logMessages().filter { $0.contains("Content Security Policy") || $0.hasPrefix("exception") }
        #expect(violations.isEmpty, "\(violations)")
        _ = try await page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>'), true")
        let refused = try await timeLimit(10, "the CSP violation to be logged") {
            while !page.logMessages().contains(where: { $0.contains("Content Security Policy") }) { try await Task.sleep(for: .milliseconds(20)) }
            return true
        }
        #expect(refused)
    }

    private func save(_ page: BrowserPage, _ name: String) async throws {
        let png = try await page.fullPageScreenshot(width: Self.width)
        #expect(pngSize(png)?.width == Self.width)
        let directory: URL
        if let dir = ProcessInfo.processInfo.environment["CAREHUB_SCREENSHOT_DIR"], !dir.isEmpty {
            directory = URL(fileURLWithPath: dir)
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-screenshots-\(getpid())")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try png.write(to: directory.appendingPathComponent(name))
    }

    private func jsString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

/// `operation`, failing after `seconds`: a safety net against a hung browser, not a measurement.
func timeLimit<T: Sendable>(_ seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw StoreTestError("timed out waiting for \(what)")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw StoreTestError("timed out waiting for \(what)") }
        return first
    }
}
