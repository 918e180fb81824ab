import HTMLSupport

enum LoginRenderer {
    static func render(_ page: LoginPage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        var errors: FormErrors?
        var problem = ""
        switch page.problem {
        case .invalidCredentials: problem = texts.invalidCredentials
        case .sessionExpired: problem = texts.sessionExpired
        case .tooManyAttempts: problem = texts.tooManyAttempts
        case .form(let formErrors): errors = formErrors
        case nil: break
        }
        let alert = problem.isEmpty ? "" : "<p class=\"errors\" role=\"alert\">\(HTML.escape(problem))</p>"
        let body = """
            <h1>\(HTML.escape(texts.loginTitle))</h1>
            \(alert)\(PageShell.errorSummary(errors, texts))
            \(PageShell.openForm(action: context.paths.login, context: context, cssClass: "stack"))
            <label for="username">\(HTML.escape(texts.username))</label>
            <input type="text" id="username" name="username" autocomplete="username" required maxlength="\(LoginForm.maximumUsername)" value="\(HTML.escape(page.username))">
            <label for="password">\(HTML.escape(texts.password))</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <button type="submit" class="primary">\(HTML.escape(texts.loginButton))</button>
            </form>
            """
        return PageShell.document(title: texts.loginTitle, body: body, context: context)
    }
}
