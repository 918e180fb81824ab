/// Who a clinic message goes to (docs/STORE-API.md, `message-scope`).
public enum MessageAudience: Sendable, Hashable {
    /// One patient, by id.
    case patient(String)
    /// Everyone in a group (a diagnosis or a clinic), by the group's id.
    case group(String)
    /// Every patient.
    case all

    /// The value of the `audience` radio button.
    public var choice: String {
        switch self {
        case .patient: "patient"
        case .group: "group"
        case .all: "all"
        }
    }
}

/// A submitted message form.
public struct MessageForm: Sendable, Hashable {
    public static let maximumText = 1000

    public var audience: MessageAudience
    /// The message, trimmed, 1–1000 characters.
    public var text: String

    /// Decodes and checks `audience` (`patient` with `patient`, `group` with `group`, or `all`) and
    /// `text`. `groups` are the ids offered; a group outside them is an unknown choice.
    public init(_ form: FormFields, groups: Set<String>) throws(FormErrors) {
        var errors: [FieldError] = []
        var audience = MessageAudience.all
        switch form.value(FormField.audience.name) {
        case "patient":
            let id = FieldText.trimmed(form.value(FormField.patient.name))
            if let id, FieldText.isResourceID(id) {
                audience = .patient(id)
            } else {
                errors.append(FieldError(.patient, id == nil ? .missing : .malformed))
            }
        case "group":
            let id = FieldText.trimmed(form.value(FormField.group.name))
            if let id, groups.contains(id) {
                audience = .group(id)
            } else {
                errors.append(FieldError(.group, id == nil ? .missing : .unknownChoice))
            }
        case "all":
            audience = .all
        case nil, "":
            errors.append(FieldError(.audience, .missing))
        default:
            errors.append(FieldError(.audience, .unknownChoice))
        }
        self.audience = audience
        text = FieldText.required(.text, form.value(FormField.text.name), maximum: Self.maximumText, into: &errors)
        guard errors.isEmpty else { throw FormErrors(errors) }
    }
}
