import HTMLSupport
import Triage

enum ThresholdsRenderer {
    static func render(_ page: ThresholdsPage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        let language = context.language
        let name = page.patient.displayName.map { "\($0) (\(page.patient.id))" } ?? page.patient.id
        var body = "<h1>\(HTML.escape(texts.thresholdsTitle)): \(HTML.escape(name))</h1>"
        body += "<p><a href=\"\(HTML.escape(context.paths.patient(page.patient.id)))\">\(HTML.escape(texts.patientTitle)) \(HTML.escape(page.patient.id))</a></p>"
        body += "<p class=\"muted\">\(HTML.escape(texts.thresholdsIntro))</p>"
        body += PageShell.errorSummary(page.errors, texts)
        body += PageShell.openForm(action: context.paths.thresholds(page.patient.id), context: context, cssClass: "thresholds")
        for (index, title) in texts.groupTitles.enumerated() {
            let specs = ParameterTable.all.filter { group($0.name) == index }
            guard !specs.isEmpty else { continue }
            body += "<fieldset><legend>\(HTML.escape(title))</legend><table><thead><tr>"
            for column in [texts.columnParameter, texts.columnIndividual, texts.columnDefault, texts.columnAllowed] {
                body += "<th scope=\"col\">\(HTML.escape(column))</th>"
            }
            body += "</tr></thead><tbody>"
            for spec in specs { body += row(spec, page, language, texts) }
            body += "</tbody></table></fieldset>"
        }
        let reason = page.entered[FormField.reason.name] ?? ""
        let reasonError = PageShell.fieldErrors(page.errors, .reason, id: "reason-error", texts)
        let describedBy = reasonError.isEmpty ? "reason-hint" : "reason-hint reason-error"
        body += "<div class=\"stack\"><label for=\"reason\">\(HTML.escape(texts.reasonLabel))</label>"
        body += "<span class=\"muted\" id=\"reason-hint\">\(HTML.escape(texts.reasonHint))</span>\(reasonError)"
        body += "<textarea id=\"reason\" name=\"reason\" required maxlength=\"\(ThresholdsForm.maximumReason)\" rows=\"3\" aria-describedby=\"\(describedBy)\">\(HTML.escape(reason))</textarea>"
        body += "<button type=\"submit\" class=\"primary\">\(HTML.escape(texts.saveThresholds))</button></div></form>"
        body += history(page, context, texts)
        return PageShell.document(title: texts.thresholdsTitle, body: body, context: context)
    }

    /// Which fieldset a parameter goes in: weight, blood pressure, pulse, other.
    static func group(_ name: ParameterName) -> Int {
        let prefix = name.rawValue.prefix { $0 != "." }
        switch prefix {
        case "weight": return 0
        case "sbp", "dbp", "bp": return 1
        case "hr", "irregular": return 2
        default: return 3
        }
    }

    private static func row(_ spec: ParameterSpec, _ page: ThresholdsPage, _ language: Language, _ texts: PageTexts) -> String {
        let field = FormField.parameter(spec.name)
        let id = "p-" + spec.name.rawValue.replacingOccurrences(of: ".", with: "-")
        let value = page.entered[spec.name.rawValue] ?? page.individual[spec.name].map { Format.number($0, language) } ?? ""
        let unit = ParameterLabels.unit(spec.unit, language)
        let fallback = spec.defaultValue.map { "\(Format.number($0, language)) \(unit)" } ?? texts.noDefault
        let allowed = "\(Format.number(spec.minimum, language))–\(Format.number(spec.maximum, language)) \(unit)"
        let error = PageShell.fieldErrors(page.errors, field, id: id + "-error", texts)
        let invalid = error.isEmpty ? "" : " aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
        return """
            <tr><td><label for="\(id)">\(HTML.escape(ParameterLabels.label(spec.name, language)))</label>\
            <br><code class="muted">\(HTML.escape(spec.name.rawValue))</code></td>\
            <td><input type="text" inputmode="decimal" id="\(id)" name="\(HTML.escape(spec.name.rawValue))" value="\(HTML.escape(value))" size="8"\(invalid)> \(HTML.escape(unit))\(error)</td>\
            <td>\(HTML.escape(fallback))</td><td>\(HTML.escape(allowed))</td></tr>
            """
    }

    private static func history(_ page: ThresholdsPage, _ context: PageContext, _ texts: PageTexts) -> String {
        let language = context.language
        var out = "<section aria-labelledby=\"history\"><h2 id=\"history\">\(HTML.escape(texts.historyTitle))</h2>"
        guard !page.history.isEmpty else { return out + "<p>\(HTML.escape(texts.historyEmpty))</p></section>" }
        out += "<table class=\"history\"><thead><tr>"
        for column in [texts.columnWhen, texts.columnParameter, texts.columnChange, texts.columnWho, texts.columnWhy] {
            out += "<th scope=\"col\">\(HTML.escape(column))</th>"
        }
        out += "</tr></thead><tbody>"
        for change in page.history {
            let old = change.oldValue.map { Format.threshold(change.name, $0, language) } ?? texts.defaultWord
            let new = change.newValue.map { Format.threshold(change.name, $0, language) } ?? texts.defaultWord
            out += "<tr><td>\(Format.timeElement(change.changedAt, context.timeZone))</td>"
            out += "<td>\(HTML.escape(ParameterLabels.label(change.name, language)))</td>"
            out += "<td>\(HTML.escape(old)) → \(HTML.escape(new))</td>"
            out += "<td>\(HTML.escape(change.changedBy))</td><td>\(HTML.escape(change.reason))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }
}
