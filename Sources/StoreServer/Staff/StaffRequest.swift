import Foundation
import Hummingbird
import MonitoringStore
import StorePages
import Triage

/// What the staff routes read from a request besides its route: the page language and the cookies
/// the answer must set for it.
struct StaffRequest {
    static let languageCookie = "carehub_lang"

    /// `?lang=sv|en`, else the remembered choice, else Swedish.
    var language: Language
    /// `Set-Cookie` values to send with the answer (the remembered language when `?lang=` chose one).
    var cookies: [String] = []

    init(_ request: Request, secureCookies: Bool) {
        if let chosen = request.uri.queryParameters.get("lang").flatMap(Self.language) {
            language = chosen
            // Not a secret and read on every page: a year, Lax so a link from elsewhere keeps it.
            cookies.append("\(Self.languageCookie)=\(chosen.rawValue); Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax\(secureCookies ? "; Secure" : "")")
        } else {
            language = request.cookies[Self.languageCookie].flatMap { Self.language($0.value) } ?? .swedish
        }
    }

    static func language(_ code: String) -> Language? {
        switch code {
        case "sv": .swedish
        case "en": .english
        default: nil
        }
    }
}

/// Why a POSTed body could not be read as a form: the answer's status and page.
enum FormBodyProblem: Error {
    case tooLarge
    case malformed

    var problem: StaffProblem { self == .tooLarge ? .formTooLarge : .badForm }
    var status: HTTPResponse.Status { self == .tooLarge ? .contentTooLarge : .badRequest }
}

extension Request {
    /// The body as form fields: bounded by `FormFields.maximumBytes` (413 above), strictly parsed (400).
    func formFields() async throws(FormBodyProblem) -> FormFields {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: FormFields.maximumBytes)
        } catch {
            throw .tooLarge
        }
        do throws(FormBodyError) {
            return try FormFields(parsing: buffer.readableBytesView)
        } catch .tooLarge {
            throw .tooLarge
        } catch {
            throw .malformed
        }
    }
}

extension FormFields {
    /// Every field by name (the first of a repeated name), to show a rejected form again as typed.
    /// The CSRF token and the password are not echoed.
    var entered: [String: String] {
        var values: [String: String] = [:]
        for field in fields where field.name != CSRF.fieldName && field.name != "password" && values[field.name] == nil {
            values[field.name] = field.value
        }
        return values
    }
}
