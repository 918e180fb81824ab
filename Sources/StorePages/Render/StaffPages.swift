import HTMLSupport

/// The staff pages of `carehub-store`, each a complete HTML5 document. Pure: the same view model
/// and context give the same text. Every text from outside is escaped; every form posts with the
/// context's CSRF token; nothing needs JavaScript.
public enum StaffPages {
    /// The login page (no navigation).
    public static func login(_ page: LoginPage, context: PageContext) -> String {
        LoginRenderer.render(page, context)
    }

    /// The worklist: deviating readings and contact requests, each with an acknowledge form.
    public static func worklist(_ page: WorklistPage, context: PageContext) -> String {
        WorklistRenderer.render(page, context)
    }

    /// A patient's trends, messages and devices.
    public static func patient(_ page: PatientPage, context: PageContext) -> String {
        PatientRenderer.render(page, context)
    }

    /// A patient's thresholds form and its history.
    public static func thresholds(_ page: ThresholdsPage, context: PageContext) -> String {
        ThresholdsRenderer.render(page, context)
    }

    /// The message form and the messages sent.
    public static func messages(_ page: MessagePage, context: PageContext) -> String {
        MessageRenderer.render(page, context)
    }

    /// Fleet health: what needs a technician visit.
    public static func fleet(_ page: FleetPage, context: PageContext) -> String {
        FleetRenderer.render(page, context)
    }

    /// A plain page with a heading and one paragraph (403, 404, an error), in the page frame.
    public static func plain(title: String, text: String, context: PageContext) -> String {
        PageShell.document(
            title: title, body: "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p>", context: context)
    }

    /// The page of a refused request (403, 404, 409, 413, 400), in the page frame.
    public static func problem(_ problem: StaffProblem, context: PageContext) -> String {
        plain(title: problem.title(context.language), text: problem.text(context.language), context: context)
    }

    /// The stylesheet inlined in every page, for a CSP `style-src 'sha256-…'` if the server prefers a hash.
    public static var stylesheet: String { StoreStyle.css }
}
