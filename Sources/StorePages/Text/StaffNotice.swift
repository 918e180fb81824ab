import Triage

/// A one-line notice on the page a saved form leads to (`PageContext.notice`).
public enum StaffNotice: String, Sendable, Hashable, CaseIterable {
    case acknowledged
    case thresholdsSaved = "thresholds-saved"
    case messageSent = "message-sent"

    /// The notice in `language`.
    public func text(_ language: Language) -> String {
        PageTexts.for(language).notices[self] ?? rawValue
    }
}

/// Why a request was refused, for the plain page the server answers with (`StaffPages.problem`).
public enum StaffProblem: String, Sendable, Hashable, CaseIterable {
    /// 404: no such route or item.
    case notFound
    /// 404: no patient with that id.
    case unknownPatient
    /// 403: the CSRF token was missing or wrong.
    case formExpired
    /// 403: a nurse tried to message everyone.
    case adminOnly
    /// 409: the item was acknowledged already.
    case alreadyAcknowledged
    /// 413: the body is over `FormFields.maximumBytes`.
    case formTooLarge
    /// 400: the body is not a form (bad escape, not UTF-8, too many fields).
    case badForm

    public func title(_ language: Language) -> String { PageTexts.for(language).problemTitles[self] ?? rawValue }
    public func text(_ language: Language) -> String { PageTexts.for(language).problemTexts[self] ?? rawValue }
}
