import Foundation
import Testing
@testable import Display
import HTMLSupport

/// Issue 5 on the display side: the "not saved" box, the storage notice, the neutral `info` tone.
@Suite("Not saved and info tone")
struct NotSavedDisplayTests {
    static let unsaved = UnsavedReading(kind: .weight, received: Fixtures.now, receivedText: "I dag 07:13")

    @Test func reportNotSavedKeepsTheStoredReadingsAndAnnouncesIt() async throws {
        let hub = await Fixtures.hub()
        let before = await hub.state
        var events = await hub.subscribe().makeAsyncIterator()
        await hub.reportNotSaved(Self.unsaved)
        #expect(await events.next() == .notSaved(Self.unsaved))
        let state = await hub.state
        #expect(state.unsaved == Self.unsaved && state.storageProblem)
        #expect(state.latest == before.latest && state.recent == before.recent, "stored readings untouched")
        #expect(state.revision > before.revision)
        // The next stored reading clears both and re-announces the status line.
        await hub.publish(Fixtures.yellowWeight)
        #expect(await events.next() == .reading(Fixtures.yellowWeight))
        #expect(await events.next() == .status(state.status))
        #expect(await hub.state.unsaved == nil)
        #expect(await hub.state.storageProblem == false)
    }

    @Test(arguments: [
        (DisplayLanguage.sv, "Inte sparat", "Värdet kunde inte sparas.", "Mät igen om en stund. Kontakta mottagningen om det händer igen.", "Vikt"),
        (.en, "Not saved", "The value could not be saved.", "Measure again in a little while. Contact the clinic if it happens again.", "Weight"),
    ])
    func theBoxSaysNotSavedWithIconAndWordAndNoValue(language: DisplayLanguage, word: String, headline: String, detail: String, kind: String) {
        var state = PageRendererTests.state(language)
        state.unsaved = Self.unsaved
        state.storageProblem = true
        let box = PageRenderer.latest(state)
        #expect(box.contains("class=\"latest tone-grey unsaved\""))
        #expect(box.contains("<svg class=\"icon\"") && box.contains("<span class=\"word\">\(word)</span>"))
        #expect(box.contains(headline) && box.contains(HTML.escape(detail)) && box.contains(kind) && box.contains("I dag 07:13"))
        #expect(!box.contains("76,4"), "no value in the not-saved box")
        // The last stored reading is listed below instead.
        #expect(PageRenderer.recent(state).contains("data-reading-id=\"w-2026-11-23\""))
        let status = PageRenderer.status(state)
        #expect(status.contains("status-storage"))
        #expect(status.contains(language == .sv ? "Hubben kan inte spara nya värden just nu" : "The hub cannot save new values right now"))
    }

    @Test func theUnsavedEventCarriesNoDataAndThePageRefetchesTheBoxStatusAndList() {
        #expect(ServerSentEvents.frame(.notSaved(Self.unsaved)) == "event: unsaved\ndata: {}\n\n")
        #expect(PageScript.source.contains("unsaved: [\"latest\", \"status\", \"recent\"]"))
    }

    @Test func theInfoToneSaysSavedNotGood() {
        var state = PageRendererTests.state()
        state.latest?.tone = .info
        let box = PageRenderer.latest(state)
        #expect(box.contains("class=\"latest tone-info\"") && box.contains("<span class=\"word\">Sparat</span>"))
        #expect(!box.contains(">Bra<"))
        #expect(DisplayStrings.english.word(.info) == "Saved")
        #expect(RGB.contrast(Palette.tone(.info).foreground, Palette.tone(.info).background) >= 7)
        #expect(PageStyle.css.contains(".tone-info{"))
    }
}
