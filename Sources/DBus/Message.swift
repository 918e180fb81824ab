/// An owned reference to a libdbus message (`dbus_message_unref` on deinit).
///
/// Messages have no locks in libdbus: a `Message` is only ever used by one thread at a time. It is
/// `@unchecked Sendable` because ownership is handed from a building thread to the driver thread
/// (or from the driver thread to a method-handler task) and never shared.
final class Message: @unchecked Sendable {
    let pointer: LibDBus.MessagePtr

    init(taking pointer: LibDBus.MessagePtr) {
        self.pointer = pointer
    }

    deinit {
        LibDBus.unref(message: pointer)
    }

    var type: Int32 { LibDBus.type(pointer) }
    var path: String? { LibDBus.path(pointer) }
    var interface: String? { LibDBus.interface(pointer) }
    var member: String? { LibDBus.member(pointer) }
    var sender: String? { LibDBus.sender(pointer) }
    var destination: String? { LibDBus.destination(pointer) }
    var errorName: String? { LibDBus.errorName(pointer) }
    var signature: Signature { Signature(stringLiteral: LibDBus.signature(pointer)) }
    var noReplyExpected: Bool { LibDBus.noReply(pointer) }

    var traceSummary: String {
        "type=\(type) path=\(path ?? "-") iface=\(interface ?? "-") member=\(member ?? errorName ?? "-") sig=\(signature)"
    }

    /// Appends the values as the message body; nothing is appended if any value is invalid.
    func append(_ values: [DBusValue]) throws(DBusError) {
        for value in values { try value.validate() }
        var writer = MessageWriter(message: self)
        try writer.write(values)
        if writer.wroteFileDescriptor { carriesFileDescriptors = true }
    }

    /// Decodes the whole body.
    func arguments() throws(DBusError) -> [DBusValue] {
        try MessageReader.readAll(self)
    }

    /// True once a unix fd (`h`, possibly inside a variant) was appended; such messages need a
    /// connection that can pass fds.
    private(set) var carriesFileDescriptors = false
}
