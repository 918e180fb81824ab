import Foundation
import Triage

/// What every page needs besides its own data: language, the session's CSRF token, who is logged
/// in, the clinic's time zone and the time the page is rendered at (injected, never read here).
public struct PageContext: Sendable {
    /// Page language; Swedish first.
    public var language: Language
    /// The session's CSRF token; every form carries it in a hidden `CSRF.fieldName` field.
    public var csrfToken: String
    /// The logged-in staff member; nil on the login page (no navigation then).
    public var staff: StaffMember?
    /// Times are shown in this zone.
    public var timeZone: TimeZone
    /// "Now", for ages ("3 h ago") and the trend windows.
    public var now: Date
    /// Where the forms post and the links go.
    public var paths: PagePaths
    /// A CSP nonce for the inline `<style>`; nil when the server allows it otherwise.
    public var styleNonce: String?
    /// A one-line notice on top of the page ("Kvitterat."), already in the page language.
    public var notice: String?

    public init(
        language: Language, csrfToken: String, staff: StaffMember?, timeZone: TimeZone, now: Date,
        paths: PagePaths = PagePaths(), styleNonce: String? = nil, notice: String? = nil
    ) {
        self.language = language
        self.csrfToken = csrfToken
        self.staff = staff
        self.timeZone = timeZone
        self.now = now
        self.paths = paths
        self.styleNonce = styleNonce
        self.notice = notice
    }
}

/// A logged-in staff member, as the navigation shows them.
public struct StaffMember: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case nurse, admin
    }

    public var username: String
    public var role: Role

    public init(username: String, role: Role) {
        self.username = username
        self.role = role
    }
}

/// A patient as a page names them: always the id, a name when the store has one.
public struct PatientRef: Sendable, Hashable {
    public var id: String
    public var displayName: String?

    public init(id: String, displayName: String? = nil) {
        self.id = id
        self.displayName = displayName
    }
}
