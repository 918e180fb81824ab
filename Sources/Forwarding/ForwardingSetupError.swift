/// Why a ``Forwarder`` cannot be set up; each names the key or file at fault.
public enum ForwardingSetupError: Error, Sendable, CustomStringConvertible {
    case configuration(ForwardingConfigurationError)
    case proxy(ProxyEnvironment.Invalid)
    case tokenFile(TokenFileError)
    /// A PEM file (`ca_file`, `client_certificate`, `client_key`) that could not be loaded.
    case pemFile(key: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .configuration(let error): error.description
        case .proxy(let error): error.description
        case .tokenFile(let error): error.description
        case .pemFile(let key, let path, let reason): "forwarding \(key) \(path): \(reason)"
        }
    }
}
