import HTMLSupport

enum MessageRenderer {
    static func render(_ page: MessagePage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        let entered = page.entered
        let chosen = entered[FormField.audience.name] ?? "patient"
        func radio(_ value: String, _ label: String) -> String {
            let checked = chosen == value ? " checked" : ""
            return "<div><input type=\"radio\" id=\"audience-\(value)\" name=\"audience\" value=\"\(value)\"\(checked)> <label for=\"audience-\(value)\">\(HTML.escape(label))</label></div>"
        }
        var body = "<h1>\(HTML.escape(texts.messagesTitle))</h1>"
        body += PageShell.errorSummary(page.errors, texts)
        body += PageShell.openForm(action: context.paths.messages, context: context, cssClass: "stack")
        body += "<fieldset><legend>\(HTML.escape(texts.audienceLegend))</legend>"
        body += radio("patient", texts.audiencePatient)
        body += "<div><label for=\"patient\">\(HTML.escape(texts.patientIDLabel))</label> "
        body += "<input type=\"text\" id=\"patient\" name=\"patient\" maxlength=\"64\" value=\"\(HTML.escape(entered[FormField.patient.name] ?? ""))\">"
        body += PageShell.fieldErrors(page.errors, .patient, id: "patient-error", texts) + "</div>"
        body += radio("group", texts.audienceGroup)
        body += "<div><label for=\"group\">\(HTML.escape(texts.groupLabel))</label> <select id=\"group\" name=\"group\">"
        let selected = entered[FormField.group.name]
        for group in page.groups {
            let kind = group.kind.map { texts.groupKinds[$0] ?? $0.rawValue }
            let count = group.memberCount.map { PageTexts.fill(texts.members, ["n": String($0)]) }
            let about = [kind, count].compactMap { $0 }.joined(separator: ", ")
            let isSelected = selected == group.id ? " selected" : ""
            let label = about.isEmpty ? group.name : "\(group.name) (\(about))"
            body += "<option value=\"\(HTML.escape(group.id))\"\(isSelected)>\(HTML.escape(label))</option>"
        }
        body += "</select>" + PageShell.fieldErrors(page.errors, .group, id: "group-error", texts) + "</div>"
        body += radio("all", texts.audienceAll)
        body += PageShell.fieldErrors(page.errors, .audience, id: "audience-error", texts)
        body += "</fieldset>"
        body += "<label for=\"text\">\(HTML.escape(texts.textLabel))</label>"
        body += PageShell.fieldErrors(page.errors, .text, id: "text-error", texts)
        body += "<textarea id=\"text\" name=\"text\" required maxlength=\"\(MessageForm.maximumText)\" rows=\"5\">\(HTML.escape(entered[FormField.text.name] ?? ""))</textarea>"
        body += "<button type=\"submit\" class=\"primary\">\(HTML.escape(texts.sendButton))</button></form>"
        body += sent(page, context, texts)
        return PageShell.document(title: texts.messagesTitle, body: body, context: context)
    }

    private static func sent(_ page: MessagePage, _ context: PageContext, _ texts: PageTexts) -> String {
        var out = "<section aria-labelledby=\"sent\"><h2 id=\"sent\">\(HTML.escape(texts.sentTitle))</h2>"
        guard !page.sent.isEmpty else { return out + "<p>\(HTML.escape(texts.sentEmpty))</p></section>" }
        out += "<table class=\"sent\"><thead><tr>"
        for column in [texts.columnTime, texts.columnAudience, texts.columnAuthor, texts.columnText] {
            out += "<th scope=\"col\">\(HTML.escape(column))</th>"
        }
        out += "</tr></thead><tbody>"
        for message in page.sent {
            let audience: String
            switch message.audience {
            case .patient(let id): audience = "\(texts.audiencePatient): \(message.audienceName ?? id)"
            case .group(let id): audience = "\(texts.audienceGroup): \(message.audienceName ?? id)"
            case .all: audience = texts.audienceAll
            }
            out += "<tr><td>\(Format.timeElement(message.sentAt, context.timeZone))</td><td>\(HTML.escape(audience))</td>"
            out += "<td>\(HTML.escape(message.author))</td><td>\(HTML.escape(message.text))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }
}
