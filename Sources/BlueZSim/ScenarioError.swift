/// A scenario or payload file that cannot be used: which file, where in it (JSON path), and what is wrong.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }

    /// Translates a Codable error into a file/path/message triple.
    static func from(_ error: any Error, file: String) -> ScenarioError {
        guard let error = error as? DecodingError else {
            return ScenarioError(file: file, path: "(root)", message: "\(error)")
        }
        switch error {
        case .dataCorrupted(let context):
            var message = context.debugDescription
            if context.codingPath.isEmpty || context.underlyingError != nil {
                message = "invalid JSON: " + message + (context.underlyingError.map { " (\($0))" } ?? "")
            }
            return ScenarioError(file: file, path: jsonPath(context.codingPath), message: message)
        case .keyNotFound(let key, let context):
            return ScenarioError(file: file, path: jsonPath(context.codingPath + [key]), message: "missing required key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return ScenarioError(file: file, path: jsonPath(context.codingPath), message: "expected \(typeName(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return ScenarioError(file: file, path: jsonPath(context.codingPath), message: "expected \(typeName(type)), found null")
        @unknown default:
            return ScenarioError(file: file, path: "(root)", message: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int16.Type, is UInt16.Type, is UInt8.Type: "an integer in range"
        case is Double.Type: "a number"
        default: "\(type)"
        }
    }
}
