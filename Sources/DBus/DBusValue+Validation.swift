/// Checks a value against the D-Bus rules before it reaches libdbus, which aborts the process on
/// invalid paths, signatures, strings or mistyped container elements.
extension DBusValue {
    /// The specification's nesting limits.
    static let maxArrayDepth = 32
    static let maxStructDepth = 32
    static let maxTotalDepth = 64

    /// Throws `.invalidArgument` saying what is wrong and where.
    public func validate() throws(DBusError) {
        // The type itself must be a valid signature (length, 32 arrays, 32 structs)...
        _ = try Signature(stringLiteral: signatureText).singleType()
        // ...and the data must fit it, with variants counted towards the total depth of 64.
        try validate(arrays: 0, structs: 0, total: 0, at: "value")
    }

    private func validate(arrays: Int, structs: Int, total: Int, at location: String) throws(DBusError) {
        guard arrays <= Self.maxArrayDepth, structs <= Self.maxStructDepth, total <= Self.maxTotalDepth else {
            throw .invalidArgument("\(location): containers nested deeper than the D-Bus limits")
        }
        switch self {
        case let .string(text):
            guard !text.utf8.contains(0) else { throw .invalidArgument("\(location): string contains a NUL byte") }
        case let .objectPath(path):
            guard path.isValid else { throw .invalidArgument("\(location): '\(path.rawValue)' is not a valid object path") }
        case let .signature(signature):
            _ = try signature.types()
        case let .array(element, items):
            _ = try element.singleType()
            if element == "y" {
                for item in items { guard case .byte = item else { throw Self.mismatch(location, element, item) } }
                return
            }
            for (index, item) in items.enumerated() {
                guard item.signatureText == element.rawValue else { throw Self.mismatch(location, element, item) }
                try item.validate(arrays: arrays + 1, structs: structs, total: total + 1, at: "\(location)[\(index)]")
            }
        case let .dictionary(key, value, entries):
            guard try key.singleType().isBasic else {
                throw .invalidArgument("\(location): dictionary key type '\(key)' is not basic")
            }
            _ = try value.singleType()
            for (index, entry) in entries.enumerated() {
                guard entry.key.signatureText == key.rawValue else { throw Self.mismatch(location, key, entry.key) }
                guard entry.value.signatureText == value.rawValue else { throw Self.mismatch(location, value, entry.value) }
                let here = "\(location){\(index)}"
                try entry.key.validate(arrays: arrays + 1, structs: structs + 1, total: total + 2, at: here)
                try entry.value.validate(arrays: arrays + 1, structs: structs + 1, total: total + 2, at: here)
            }
        case let .structure(fields):
            guard !fields.isEmpty else { throw .invalidArgument("\(location): empty struct") }
            for (index, field) in fields.enumerated() {
                try field.validate(arrays: arrays, structs: structs + 1, total: total + 1, at: "\(location).\(index)")
            }
        case let .variant(inner):
            try inner.validate(arrays: arrays, structs: structs, total: total + 1, at: "\(location)<v>")
        default:
            return
        }
    }

    private static func mismatch(_ location: String, _ expected: Signature, _ item: DBusValue) -> DBusError {
        .invalidArgument("\(location): element of type '\(item.signatureText)' in a container of '\(expected)'")
    }
}
