/// A submitted login form. The password is passed on as typed (not trimmed) for the hash check.
public struct LoginForm: Sendable, Hashable {
    public static let maximumUsername = 100
    public static let maximumPassword = 1024

    public var username: String
    public var password: String

    /// Decodes and checks the fields `username` and `password`.
    public init(_ form: FormFields) throws(FormErrors) {
        var errors: [FieldError] = []
        username = FieldText.required(.username, form.value(FormField.username.name), maximum: Self.maximumUsername, into: &errors)
        let password = form.value(FormField.password.name) ?? ""
        if password.isEmpty {
            errors.append(FieldError(.password, .missing))
        } else if password.count > Self.maximumPassword {
            errors.append(FieldError(.password, .tooLong(maximum: Self.maximumPassword)))
        }
        self.password = password
        guard errors.isEmpty else { throw FormErrors(errors) }
    }
}

/// A submitted acknowledgement of a worklist item (a deviating reading or a contact request).
public struct AcknowledgeForm: Sendable, Hashable {
    public static let maximumNote = 1000
    public static let maximumItem = 200

    /// The item's opaque id, as the worklist rendered it.
    public var item: String
    /// The nurse's note; nil when left blank.
    public var note: String?

    /// Decodes and checks the fields `item` and `note` (optional, at most 1000 characters).
    public init(_ form: FormFields) throws(FormErrors) {
        var errors: [FieldError] = []
        item = FieldText.required(.item, form.value(FormField.item.name), maximum: Self.maximumItem, into: &errors)
        note = FieldText.optional(.note, form.value(FormField.note.name), maximum: Self.maximumNote, into: &errors)
        guard errors.isEmpty else { throw FormErrors(errors) }
    }
}
