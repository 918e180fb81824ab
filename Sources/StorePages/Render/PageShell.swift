import HTMLSupport

/// The frame of every page: doctype, head with the inline style, the navigation with a logout
/// form (POST with the CSRF field), the notice, and `main`.
enum PageShell {
    static func document(title: String, body: String, context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        let nonce = context.styleNonce.map { " nonce=\"\(HTML.escape($0))\"" } ?? ""
        let notice = context.notice.map { "<p class=\"notice\" role=\"status\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="\(context.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) – \(HTML.escape(texts.appName))</title>
            <style\(nonce)>\(StoreStyle.css)</style>
            </head>
            <body>
            <a class="skip" href="#main">\(HTML.escape(texts.skipToContent))</a>
            \(header(context, texts))
            <main id="main">
            \(notice)\(body)
            </main>
            </body>
            </html>
            """
    }

    /// The hidden CSRF field; every form starts with it.
    static func csrfField(_ context: PageContext) -> String {
        "<input type=\"hidden\" name=\"\(CSRF.fieldName)\" value=\"\(HTML.escape(context.csrfToken))\">"
    }

    /// `<form method="post">` with the CSRF field.
    static func openForm(action: String, context: PageContext, cssClass: String? = nil, label: String? = nil) -> String {
        let cls = cssClass.map { " class=\"\($0)\"" } ?? ""
        let aria = label.map { " aria-label=\"\(HTML.escape($0))\"" } ?? ""
        return "<form method=\"post\" action=\"\(HTML.escape(action))\"\(cls)\(aria)>" + csrfField(context)
    }

    /// The list of a rejected form's problems, each naming its field.
    static func errorSummary(_ errors: FormErrors?, _ texts: PageTexts) -> String {
        guard let errors, !errors.errors.isEmpty else { return "" }
        let items = errors.errors.map { "<li>\(HTML.escape(texts.fieldError($0)))</li>" }.joined()
        return "<div class=\"errors\" role=\"alert\"><p>\(HTML.escape(texts.errorSummary))</p><ul>\(items)</ul></div>"
    }

    /// The messages of one field, for beside its input (`id` for `aria-describedby`).
    static func fieldErrors(_ errors: FormErrors?, _ field: FormField, id: String, _ texts: PageTexts) -> String {
        guard let errors else { return "" }
        let own = errors.errors(for: field)
        guard !own.isEmpty else { return "" }
        return "<span class=\"field-error\" id=\"\(HTML.escape(id))\">" + own.map { HTML.escape(texts.fieldError($0)) }.joined(separator: " ") + "</span>"
    }

    private static func header(_ context: PageContext, _ texts: PageTexts) -> String {
        let other = "<a href=\"?lang=\(texts.otherLanguageCode)\" lang=\"\(texts.otherLanguageCode)\" hreflang=\"\(texts.otherLanguageCode)\">\(HTML.escape(texts.otherLanguage))</a>"
        guard let staff = context.staff else {
            return "<header class=\"top\"><span class=\"app\">\(HTML.escape(texts.appName))</span>\(other)</header>"
        }
        let paths = context.paths
        let role = texts.roleNames[staff.role] ?? staff.role.rawValue
        return """
            <header class="top"><span class="app">\(HTML.escape(texts.appName))</span>\
            <nav aria-label="\(HTML.escape(texts.navLabel))"><ul>\
            <li><a href="\(HTML.escape(paths.worklist))">\(HTML.escape(texts.navWorklist))</a></li>\
            <li><a href="\(HTML.escape(paths.messages))">\(HTML.escape(texts.navMessages))</a></li>\
            <li><a href="\(HTML.escape(paths.fleet))">\(HTML.escape(texts.navFleet))</a></li>\
            </ul></nav>\
            <span class="who">\(HTML.escape(texts.loggedInAs)) \(HTML.escape(staff.username)) (\(HTML.escape(role)))</span>\
            \(other)\
            \(openForm(action: paths.logout, context: context))<button type="submit">\(HTML.escape(texts.logout))</button></form>\
            </header>
            """
    }
}
