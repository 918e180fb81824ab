import HTMLSupport
import Triage

enum WorklistRenderer {
    static func render(_ page: WorklistPage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        var body = "<h1>\(HTML.escape(texts.worklistTitle))</h1>"
        body += "<p class=\"muted\">\(HTML.escape(texts.worklistIntro))</p>"
        body += contactRequests(page.contactRequests, context, texts)
        body += "<section aria-labelledby=\"deviations\"><h2 id=\"deviations\">\(HTML.escape(texts.deviationsTitle))</h2>"
        if page.items.isEmpty {
            body += "<p>\(HTML.escape(texts.worklistEmpty))</p>"
        } else {
            body += "<table class=\"worklist\"><thead><tr>"
            for column in [texts.columnColour, texts.columnPatient, texts.columnMeasurement, texts.columnTime, texts.columnRule, texts.columnThreshold, texts.columnAction] {
                body += "<th scope=\"col\">\(HTML.escape(column))</th>"
            }
            body += "</tr></thead><tbody>"
            body += page.items.map { row($0, context, texts) }.joined()
            body += "</tbody></table>"
        }
        body += "</section>"
        return PageShell.document(title: texts.worklistTitle, body: body, context: context)
    }

    /// The colour as a badge with its word and priority: never colour alone.
    static func badge(_ colour: DeviationColour, _ texts: PageTexts) -> String {
        let word = texts.colourWords[colour] ?? colour.rawValue
        let priority = texts.priorityWords[colour] ?? ""
        return "<span class=\"badge badge-\(colour.rawValue)\">\(HTML.escape(word)) <span class=\"priority\">· \(HTML.escape(priority))</span></span>"
    }

    static func patientLink(_ patient: PatientRef, _ context: PageContext) -> String {
        let name = patient.displayName.map { "\(HTML.escape($0)) " } ?? ""
        return "<a href=\"\(HTML.escape(context.paths.patient(patient.id)))\">\(name)<span class=\"muted\">(\(HTML.escape(patient.id)))</span></a>"
    }

    private static func row(_ item: WorklistItem, _ context: PageContext, _ texts: PageTexts) -> String {
        let language = context.language
        let rule = item.rule.map { "\($0.rawValue) " + (texts.ruleTitles[$0] ?? "") } ?? "–"
        var threshold = ""
        if let t = item.threshold {
            let source = t.isIndividual ? texts.individualThreshold : texts.defaultThreshold
            threshold = "\(HTML.escape(ParameterLabels.label(t.name, language))): \(HTML.escape(Format.threshold(t.name, t.value, language))) <span class=\"muted\">(\(HTML.escape(source)))</span>"
        }
        var colourCell = badge(item.colour, texts)
        if item.colour == .grey, let count = item.repeatCount {
            colourCell += "<br><span class=\"repeat\">\(HTML.escape(PageTexts.fill(texts.repeatTimes, ["n": String(count)])))</span>"
        }
        return """
            <tr class="item item-\(item.colour.rawValue)" id="item-\(HTML.escape(PagePaths.segment(item.id)))">\
            <td>\(colourCell)</td>\
            <td>\(patientLink(item.patient, context))</td>\
            <td><span class="kind">\(HTML.escape(Format.kind(item.value, texts)))</span>: <span class="value">\(HTML.escape(Format.value(item.value, texts)))</span></td>\
            <td>\(Format.timeElement(item.measuredAt, context.timeZone))</td>\
            <td><strong>\(HTML.escape(rule))</strong><br><span class="reason">\(HTML.escape(item.reason))</span></td>\
            <td>\(threshold)</td>\
            <td>\(acknowledgeForm(item.id, context, texts))</td>\
            </tr>
            """
    }

    static func acknowledgeForm(_ id: String, _ context: PageContext, _ texts: PageTexts) -> String {
        let fieldID = "note-\(PagePaths.segment(id))"
        return PageShell.openForm(action: context.paths.acknowledge, context: context, cssClass: "ack")
            + "<input type=\"hidden\" name=\"item\" value=\"\(HTML.escape(id))\">"
            + "<label for=\"\(HTML.escape(fieldID))\">\(HTML.escape(texts.noteLabel))</label>"
            + "<textarea id=\"\(HTML.escape(fieldID))\" name=\"note\" maxlength=\"\(AcknowledgeForm.maximumNote)\" rows=\"2\"></textarea>"
            + "<button type=\"submit\" class=\"primary\">\(HTML.escape(texts.acknowledgeButton))</button></form>"
    }

    private static func contactRequests(_ requests: [ContactRequestItem], _ context: PageContext, _ texts: PageTexts) -> String {
        var out = "<section aria-labelledby=\"contact\"><h2 id=\"contact\">\(HTML.escape(texts.contactRequestsTitle))</h2>"
        guard !requests.isEmpty else { return out + "<p>\(HTML.escape(texts.contactRequestsEmpty))</p></section>" }
        out += "<table class=\"contact-requests\"><thead><tr><th scope=\"col\">\(HTML.escape(texts.columnPatient))</th><th scope=\"col\">\(HTML.escape(texts.columnTime))</th><th scope=\"col\">\(HTML.escape(texts.columnAction))</th></tr></thead><tbody>"
        for request in requests {
            out += "<tr class=\"contact-request\"><td>\(patientLink(request.patient, context)) \(HTML.escape(texts.contactRequestText))</td>"
            out += "<td>\(Format.timeElement(request.requestedAt, context.timeZone))</td>"
            out += "<td>\(acknowledgeForm(request.id, context, texts))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }
}
