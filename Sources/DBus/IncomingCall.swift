/// A method call received by this connection, decoded on the driver thread.
struct IncomingCall: Sendable {
    let message: Message
    let sender: String
    let path: ObjectPath
    let interface: String?
    let member: String
    let arguments: [DBusValue]
    let noReplyExpected: Bool
}

extension DBusDriver {
    /// Driver thread, from the libdbus filter. Returns true if the message was consumed.
    func handleIncoming(_ raw: LibDBus.MessagePtr) -> Bool {
        switch LibDBus.type(raw) {
        case LibDBus.MessageType.signal:
            if LibDBus.isSignal(raw, interface: "org.freedesktop.DBus.Local", member: "Disconnected") {
                sawDisconnect = true
                return true
            }
            signalRouter.deliver(raw)
            return false
        case LibDBus.MessageType.methodCall:
            guard let handler = methodCallHandler else { return false }
            let message = LibDBus.ref(message: raw)
            guard let path = message.path, let member = message.member else { return false }
            do {
                let call = IncomingCall(
                    message: message, sender: message.sender ?? "", path: ObjectPath(stringLiteral: path),
                    interface: message.interface, member: member, arguments: try message.arguments(),
                    noReplyExpected: message.noReplyExpected)
                handler(call)
            } catch {
                if let reply = try? LibDBus.newError(to: message, name: error.wireName, text: error.wireMessage) {
                    sendNow(reply)
                }
            }
            return true
        default:
            return false
        }
    }
}
