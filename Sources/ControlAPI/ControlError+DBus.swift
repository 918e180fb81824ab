import Foundation
import DBus

extension ControlError {
    /// The full D-Bus error name (`org.carehub.Gateway1.Error.NotPaired`).
    public var dbusErrorName: String { ControlBus.errorPrefix + dbusName }

    /// The error reply a `GatewayControlObject` sends: the name and the plain-words text.
    package var dbusError: DBusError { .remote(name: dbusErrorName, message: description) }

    /// The case a `org.carehub.Gateway1.Error.*` reply stands for, with the words it carried;
    /// nil for other error names. `address` (the call's) fills `notPaired` when given.
    package init?(dbusErrorName name: String, message: String, address: String? = nil) {
        guard name.hasPrefix(ControlBus.errorPrefix) else { return nil }
        let short = name.dropFirst(ControlBus.errorPrefix.count)
        guard let make = Self.constructors.first(where: { $0.name == short })?.make else { return nil }
        if short == "NotPaired" {
            self = .notPaired(address: address ?? Self.payload(of: message, template: .notPaired(address: Self.marker)))
        } else {
            let template = make(Self.marker)
            self = make(Self.payload(of: message, template: template))
        }
    }

    /// Stands in for the payload in a template description, to find the words around it.
    private static let marker = "\u{1}"

    private static let constructors: [(name: String, make: @Sendable (String) -> ControlError)] = [
        ("NotPaired", { .notPaired(address: $0) }), ("InvalidArgument", { .invalidArgument($0) }),
        ("PairingFailed", { .pairingFailed($0) }), ("Busy", { .busy($0) }), ("TimedOut", { .timedOut($0) }),
        ("StoreFailed", { .storeFailed($0) }), ("BluetoothUnavailable", { .bluetoothUnavailable($0) }),
        ("AccessDenied", { .accessDenied($0) }), ("DaemonUnavailable", { .daemonUnavailable($0) }),
        ("Failed", { .other($0) }),
    ]

    /// `message` without the fixed words `description` adds around the payload (so the case
    /// round-trips); the whole message if it does not have them.
    private static func payload(of message: String, template: ControlError) -> String {
        let parts = template.description.components(separatedBy: marker)
        guard let prefix = parts.first, let suffix = parts.count == 2 ? parts.last : parts.dropFirst().first,
              message.hasPrefix(prefix), message.count >= prefix.count + suffix.count
        else { return message }
        let rest = message.dropFirst(prefix.count)
        if parts.count == 2 {
            return rest.hasSuffix(suffix) ? String(rest.dropLast(suffix.count)) : message
        }
        // Several occurrences (notPaired names the address twice): the payload ends at the next fixed words.
        guard let end = rest.range(of: suffix) else { return message }
        return String(rest[..<end.lowerBound])
    }
}
