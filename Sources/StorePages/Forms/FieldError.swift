import Triage

/// A field of one of the staff forms: its name in the body and its label in an error message.
public enum FormField: Sendable, Hashable {
    case username, password
    /// The worklist item an acknowledgement is for, and its note.
    case item, note
    /// A threshold parameter of the thresholds form (its field name is the parameter's name).
    case parameter(ParameterName)
    /// Why thresholds were changed.
    case reason
    /// A message's audience, patient, group and text.
    case audience, patient, group, text

    /// The `name` of the field's input.
    public var name: String {
        switch self {
        case .username: "username"
        case .password: "password"
        case .item: "item"
        case .note: "note"
        case .parameter(let name): name.rawValue
        case .reason: "reason"
        case .audience: "audience"
        case .patient: "patient"
        case .group: "group"
        case .text: "text"
        }
    }
}

/// One field's problem, for a form shown again with the message beside the field.
public struct FieldError: Error, Sendable, Hashable {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// Required and missing or blank.
        case missing
        /// Longer than `maximum` characters.
        case tooLong(maximum: Int)
        /// Not a decimal number.
        case notANumber
        /// A number too large to be one (infinite).
        case notFinite
        /// Outside the parameter's allowed range.
        case outOfRange(minimum: Double, maximum: Double)
        /// A fraction where only whole numbers make sense.
        case notWhole
        /// Not one of the offered choices.
        case unknownChoice
        /// Not a valid identifier.
        case malformed
        /// Well-formed, but the store has no such patient (checked by the server, not the form).
        case notFound
        /// Must not exceed (or, when strict, must stay below) another field.
        case mustNotExceed(FormField, strict: Bool)
    }

    public var field: FormField
    public var problem: Problem

    public init(_ field: FormField, _ problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The message in `language`, naming the field ("Anteckning: högst 1000 tecken.").
    public func message(_ language: Language) -> String {
        PageTexts.for(language).fieldError(self)
    }
}

/// All problems of one submitted form, in field order; the form is shown again with them.
public struct FormErrors: Error, Sendable, Hashable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// The problems of one field.
    public func errors(for field: FormField) -> [FieldError] {
        errors.filter { $0.field == field }
    }
}
