import Foundation
import HTMLSupport

/// Renders the display page and its fragments from a `DisplayState`. Pure: same state, same HTML.
/// Each fragment is one element with a stable id; the page script swaps it in by that id.
public enum PageRenderer {
    /// The fragments the page can re-fetch (`/fragment/<name>`), in page order.
    public static let fragmentNames = ["latest", "status", "messages", "contact", "recent", "trends"]

    /// The full page. `nonce` authorizes the inline style and script under the CSP.
    public static func page(_ state: DisplayState, nonce: String) -> String {
        let strings = DisplayStrings.for(state.language)
        let n = HTML.escape(nonce)
        return """
            <!DOCTYPE html>
            <html lang="\(state.language.rawValue)" data-live="0">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(strings.pageTitle))</title>
            <style nonce="\(n)">\(PageStyle.css)</style>
            </head>
            <body>
            <main class="layout">
            <div class="top">
            \(latest(state))
            <div class="side">
            \(status(state))
            \(messages(state))
            \(contact(state))
            \(recent(state))
            </div>
            </div>
            \(trends(state))
            </main>
            <script nonce="\(n)">\(PageScript.source)</script>
            </body>
            </html>
            """
    }

    /// One fragment by name, or nil for an unknown name.
    public static func fragment(_ name: String, _ state: DisplayState) -> String? {
        switch name {
        case "latest": return latest(state)
        case "status": return status(state)
        case "messages": return messages(state)
        case "contact": return contact(state)
        case "recent": return recent(state)
        case "trends": return trends(state)
        default: return nil
        }
    }

    /// The big colour box: icon and word, value, the assessment text, the time.
    static func latest(_ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        if let unsaved = state.unsaved { return notSaved(unsaved, state) }
        guard let reading = state.latest else {
            return """
                <section id="latest" class="latest tone-none" data-rev="\(state.revision)" aria-live="polite">\
                <p class="value">\(HTML.escape(strings.noReadingYet))</p>\
                <p class="detail">\(HTML.escape(strings.noReadingDetail))</p></section>
                """
        }
        let kind = strings.kindNames[reading.kind] ?? ""
        let reasons = reading.reasons.isEmpty ? "" :
            "<ul class=\"reasons\">" + reading.reasons.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        let detail = reading.detail.isEmpty ? "" : "<p class=\"detail\">\(HTML.escape(reading.detail))</p>"
        return """
            <section id="latest" class="latest tone-\(reading.tone.rawValue)" data-rev="\(state.revision)" \
            data-reading-id="\(HTML.escape(reading.id))" data-tone="\(reading.tone.rawValue)" aria-live="polite">\
            <p class="badge">\(ToneIcon.svg(reading.tone))<span class="word">\(HTML.escape(strings.word(reading.tone)))</span></p>\
            <p class="value"><span class="kind">\(HTML.escape(kind))</span> \(HTML.escape(reading.valueText))</p>\
            <p class="headline">\(HTML.escape(reading.headline))</p>\
            \(detail)\(reasons)\
            <p class="time">\(HTML.escape(reading.timeText))</p></section>
            """
    }

    /// The box for a reading that could not be stored: grey, ✕ icon and word, the plain statement and
    /// what to do, what was measured and when; never the value (it is not stored, so it is not shown).
    static func notSaved(_ unsaved: UnsavedReading, _ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        let kind = strings.kindNames[unsaved.kind] ?? ""
        return """
            <section id="latest" class="latest tone-grey unsaved" data-rev="\(state.revision)" data-unsaved="1" \
            aria-live="assertive">\
            <p class="badge">\(ToneIcon.notSaved)<span class="word">\(HTML.escape(strings.unsavedWord))</span></p>\
            <p class="headline">\(HTML.escape(strings.unsavedHeadline))</p>\
            <p class="detail">\(HTML.escape(strings.unsavedDetail))</p>\
            <p class="time"><span class="kind">\(HTML.escape(kind))</span> · \(HTML.escape(unsaved.receivedText))</p></section>
            """
    }

    /// The connection line; no personal data. While commits fail it says that new values are not saved.
    static func status(_ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        if state.storageProblem {
            return """
                <p id="status" class="status status-storage" data-rev="\(state.revision)" role="status">\
                \(ToneIcon.notSaved)\(HTML.escape(strings.storageProblem))\
                <span class="reconnecting"> · \(HTML.escape(strings.reconnecting))</span></p>
                """
        }
        let text = strings.statusTexts[state.status] ?? ""
        return """
            <p id="status" class="status status-\(state.status.rawValue)" data-rev="\(state.revision)">\
            <span class="dot" aria-hidden="true"></span>\(HTML.escape(text))\
            <span class="reconnecting"> · \(HTML.escape(strings.reconnecting))</span></p>
            """
    }

    /// The newest clinic messages (at most two; the screen has no scrolling).
    static func messages(_ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        guard !state.messages.isEmpty else {
            return "<section id=\"messages\" class=\"messages empty\" data-rev=\"\(state.revision)\"></section>"
        }
        let items = state.messages.prefix(2).map { message in
            let from = message.sender.isEmpty ? "" : "\(HTML.escape(message.sender)) · "
            return "<li data-message-id=\"\(HTML.escape(message.id))\"><p class=\"message-text\">\(HTML.escape(message.text))</p>"
                + "<p class=\"message-meta\">\(from)\(HTML.escape(message.sentText))</p></li>"
        }.joined()
        return """
            <section id="messages" class="messages" data-rev="\(state.revision)" aria-live="polite">\
            <h2>\(HTML.escape(strings.messagesHeading))</h2><ul>\(items)</ul></section>
            """
    }

    /// The large "please call me" button, its on-screen confirmation (no typing) and what became of
    /// the request. Without a clinic, confirming says plainly that it cannot be sent.
    static func contact(_ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        let note = switch state.contact {
        case .sending: strings.contactSending
        case .received: strings.contactReceived
        case .ready, .unavailable: ""
        }
        let confirm = state.contact == .unavailable
            ? "<p class=\"contact-question\">\(HTML.escape(strings.contactUnavailable))</p>"
                + "<button type=\"button\" class=\"contact-no\" data-action=\"contact-cancel\">\(HTML.escape(strings.contactClose))</button>"
            : "<p class=\"contact-question\">\(HTML.escape(strings.contactQuestion))</p>"
                + "<button type=\"button\" class=\"contact-yes\" data-action=\"contact-send\">\(HTML.escape(strings.contactYes))</button>"
                + "<button type=\"button\" class=\"contact-no\" data-action=\"contact-cancel\">\(HTML.escape(strings.contactNo))</button>"
        let noteHTML = note.isEmpty ? "" : "<p class=\"contact-note\" role=\"status\">\(HTML.escape(note))</p>"
        return """
            <section id="contact" class="contact" data-rev="\(state.revision)" data-contact="\(state.contact.rawValue)">\
            <button type="button" class="contact-button" data-action="contact-open">\(HTML.escape(strings.contactButton))</button>\
            <div class="contact-confirm">\(confirm)</div>\(noteHTML)</section>
            """
    }

    /// Earlier readings (the latest is in the big box), each with icon and word as well as colour.
    static func recent(_ state: DisplayState) -> String {
        let strings = DisplayStrings.for(state.language)
        // While the box says "not saved", the last stored reading moves down into this list.
        let inBox = state.unsaved == nil ? state.latest?.id : nil
        let earlier = state.recent.filter { $0.id != inBox }.prefix(3)
        let rows = earlier.map { reading in
            "<li class=\"reading\" data-reading-id=\"\(HTML.escape(reading.id))\">"
                + "<span class=\"chip tone-\(reading.tone.rawValue)\">\(ToneIcon.svg(reading.tone))\(HTML.escape(strings.word(reading.tone)))</span>"
                + "<span class=\"reading-value\">\(HTML.escape(reading.valueText))</span>"
                + "<span class=\"reading-time\">\(HTML.escape(reading.timeText))</span></li>"
        }.joined()
        let body = rows.isEmpty ? "<p class=\"none\">\(HTML.escape(strings.noEarlierReadings))</p>" : "<ul>\(rows)</ul>"
        return """
            <section id="recent" class="recent" data-rev="\(state.revision)">\
            <h2>\(HTML.escape(strings.earlierReadings))</h2>\(body)</section>
            """
    }

    /// The two 14-day plots.
    static func trends(_ state: DisplayState) -> String {
        """
        <section id="trends" class="trends" data-rev="\(state.revision)">\
        \(TrendPlot.weightSVG(state.trends, language: state.language))\
        \(TrendPlot.bloodPressureSVG(state.trends, language: state.language))</section>
        """
    }
}
