import Triage

extension PageTexts {
    /// `template` with each `{key}` replaced; the values are plain text (escaped by the caller).
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (key, value) in values {
            text = text.replacingOccurrences(of: "{\(key)}", with: value)
        }
        return text
    }

    /// The label of a form field in this table's language.
    func label(_ field: FormField) -> String {
        if case .parameter(let name) = field { return ParameterLabels.label(name, language) }
        return fieldLabels[field.name] ?? field.name
    }

    /// The message of a field error, naming the field.
    func fieldError(_ error: FieldError) -> String {
        let field = label(error.field)
        switch error.problem {
        case .missing:
            return Self.fill(missing, ["field": field])
        case .tooLong(let maximum):
            return Self.fill(tooLong, ["field": field, "max": String(maximum)])
        case .notANumber:
            return Self.fill(notANumber, ["field": field])
        case .notFinite:
            return Self.fill(notFinite, ["field": field])
        case .outOfRange(let minimum, let maximum):
            return Self.fill(outOfRange, ["field": field, "min": Format.number(minimum, language), "max": Format.number(maximum, language)])
        case .notWhole:
            return Self.fill(notWhole, ["field": field])
        case .unknownChoice:
            return Self.fill(unknownChoice, ["field": field])
        case .malformed:
            return Self.fill(malformed, ["field": field])
        case .notFound:
            return Self.fill(notFound, ["field": field])
        case .mustNotExceed(let other, let strict):
            return Self.fill(strict ? mustBeBelow : mustNotExceed, ["field": field, "other": label(other)])
        }
    }
}
