import BrowserSupport
import Foundation
import Testing
@testable import Display

/// Issue 14 item 6: with a long red text the trend plots used to shrink to a fraction of their size.
/// Every state of the box, with and without a clinic message, on both 7-inch screens, must keep
/// the box whole and both plots readable (measured in a real headless Chromium, as drawn).
@Suite("Display layout in every state", .serialized,
       .enabled(if: Chromium.executable != nil, "chromium is not installed (apt-get install chromium); CI installs it"))
struct BrowserLayoutTests {
    /// One state of the big box: how to reach it, and the DOM condition that shows it arrived.
    struct BoxState: Sendable {
        var name: String
        var reading: DisplayReading?
        var ready: String
    }

    static func reading(_ id: String, _ kind: ReadingKind, _ tone: DisplayTone, value: String, headline: String, detail: String) -> DisplayReading {
        DisplayReading(id: id, kind: kind, time: Fixtures.now, timeText: "I dag 07:30", valueText: value, tone: tone,
                       headline: headline, detail: detail)
    }

    /// The states of round `round`, each reading newer than the one before (the box shows the newest).
    static func states(round: Int) -> [BoxState] {
        templates.enumerated().map { index, state in
            guard var reading = state.reading else { return state }
            reading.id += "-\(round)"
            reading.time = Fixtures.now.addingTimeInterval(Double(round * 100 + index) * 60)
            return BoxState(name: state.name, reading: reading,
                            ready: "document.querySelector('#latest[data-reading-id=\"\(reading.id)\"]') !== null")
        }
    }

    /// The longest texts Triage gives each colour (Sources/Triage/Texts.swift), so the space is the worst case.
    static let templates: [BoxState] = [
        (reading("s-green", .bloodPressure, .green, value: "128/82 mmHg · puls 64", headline: "Värdet ser bra ut.", detail: "")),
        (reading("s-yellow", .weight, .yellow, value: "76,4 kg", headline: "Din vikt har ökat med 2,3 kg på 3 dagar.",
                 detail: "Följ din egenvårdsplan (t.ex. extra vätskedrivande enligt ordination). Värdet skickas till din mottagning, som hör av sig.")),
        (reading("s-red", .bloodPressure, .red, value: "186/112 mmHg · puls 88", headline: "Ditt värde avviker kraftigt.",
                 detail: "Kontakta din mottagning i dag (vardagar) eller 1177. Vid bröstsmärta eller svår andnöd – ring 112.")),
        (reading("s-grey", .bloodPressure, .grey, value: "152/95 mmHg · puls 71", headline: "Mätningen blev inte godkänd – vila 5 minuter och mät igen.",
                 detail: "")),
        (reading("s-info", .temperature, .info, value: "37,2 °C", headline: "Värdet är sparat.",
                 detail: "Hubben bedömer inte den här sortens värde. Kontakta vården som vanligt om du mår sämre.")),
    ].map { BoxState(name: $0.tone.rawValue, reading: $0, ready: "") }
    + [BoxState(name: "not-saved", reading: nil, ready: "document.querySelector('#latest.unsaved') !== null")]

    @Test func everyStateKeepsTheBoxWholeAndThePlotsReadable() async throws {
        let hub = await Fixtures.hub()
        let running = try await RunningServer.start(hub: hub)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-chromium-\(running.port).log").path
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-layout-states-\(getpid())")
        let browser = try Chromium.launch(logFile: log)
        do {
            let page = try await withTimeout(60, "chromium to open a tab") { try await BrowserPage.open(in: browser, width: 800, height: 480) }
            try await page.navigate("http://127.0.0.1:\(running.port)/")
            #expect(try await page.waitFor("document.documentElement.getAttribute('data-live') === '1'", seconds: 30), "log: \(log)")
            for (round, withMessage) in [true, false].enumerated() {
                await hub.setMessages(withMessage ? [Fixtures.message] : [])
                let messageShown = withMessage ? "!" : ""
                #expect(try await page.waitFor("\(messageShown)document.getElementById('messages').classList.contains('empty')", seconds: 5))
                for state in Self.states(round: round) {
                    if let reading = state.reading {
                        await hub.publish(reading)
                    } else {
                        await hub.reportNotSaved(UnsavedReading(kind: .bloodPressure, received: Fixtures.now, receivedText: "I dag 07:31"))
                    }
                    let name = "\(state.name)-\(withMessage ? "message" : "no-message")"
                    #expect(try await page.waitFor(state.ready, seconds: 5), "\(name) reached the page")
                    for (width, height) in [(800, 480), (1024, 600)] {
                        try await BrowserLayout.expectReadable(page, width: width, height: height, name)
                        try await BrowserLayout.saveScreenshot(page, width: width, height: height, name: "\(name)-\(width)x\(height).png", in: shots)
                    }
                }
            }
            print("display layout test: screenshots of every state in \(shots.path)")
        } catch {
            await browser.shutDown()
            try await running.stop()
            throw error
        }
        await browser.shutDown()
        try await running.stop()
    }
}
