import BrowserSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import Display

/// "Ring mig" in a real headless Chromium: press, confirm on screen, the page's own POST is accepted
/// (same origin), "Skickas …" until the clinic has it, then "Mottagningen har fått din begäran".
@Suite("Contact button in headless Chromium", .serialized,
       .enabled(if: Chromium.executable != nil, "chromium is not installed (apt-get install chromium); CI installs it"))
struct ContactBrowserTests {
    actor Requests {
        private(set) var count = 0
        func add() { count += 1 }
    }

    @Test func pressConfirmSendingThenReceived() async throws {
        let hub = await Fixtures.hub()
        await hub.setContact(.ready)
        let requests = Requests()
        var logger = Logger(label: "display-test")
        logger.logLevel = .warning
        let actions = DisplayActions {
            await requests.add()
            await hub.setContact(.sending)
            return true
        }
        let server = DisplayServer(hub: hub, configuration: .init(port: 0), actions: actions, logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task { try await group.run() }
        let port = try await withTimeout(30, "the display server to listen") { try await server.waitUntilListening() }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-chromium-\(port).log").path
        let browser = try Chromium.launch(logFile: log)
        do {
            let page = try await withTimeout(60, "chromium to open a tab") { try await BrowserPage.open(in: browser, width: 800, height: 480) }
            try await page.navigate("http://127.0.0.1:\(port)/")
            #expect(try await page.waitFor("document.documentElement.getAttribute('data-live') === '1'", seconds: 30), "log: \(log)")
            #expect(try await page.evaluate("document.querySelector('#contact .contact-button').textContent") as? String == "Ring mig")
            try await BrowserLayout.expectReadable(page, width: 800, height: 480, "with the contact button")

            _ = try await page.evaluate("document.querySelector('[data-action=\"contact-open\"]').click(), true")
            #expect(try await page.waitFor("getComputedStyle(document.querySelector('.contact-confirm')).display !== 'none'", seconds: 5),
                    "the confirmation is on screen")
            #expect(await requests.count == 0, "opening alone sends nothing")
            _ = try await page.evaluate("document.querySelector('[data-action=\"contact-send\"]').click(), true")
            #expect(try await page.waitFor("document.querySelector('#contact .contact-note') && document.querySelector('#contact .contact-note').textContent === 'Skickas …'", seconds: 5))
            #expect(await requests.count == 1, "the page's own POST was accepted")

            await hub.setContact(.received)
            #expect(try await page.waitFor("document.querySelector('#contact .contact-note').textContent === 'Mottagningen har fått din begäran.'", seconds: 5))
        } catch {
            await browser.shutDown()
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
        await browser.shutDown()
        await group.triggerGracefulShutdown()
        try await withTimeout(30, "the display server to stop") { try await task.value }
    }
}
