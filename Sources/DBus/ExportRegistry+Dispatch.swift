/// Routing of incoming method calls to exported objects and the standard interfaces.
extension ExportRegistry {
    /// Driver thread (from the filter). Answers quick calls at once; runs handlers as Tasks.
    func handle(_ call: IncomingCall) {
        switch (call.interface, call.member) {
        case (DBusBus.introspectableInterface, "Introspect"), (nil, "Introspect"):
            guard hasNode(at: call.path) else { return replyUnknownObject(call) }
            return reply(call, .success([.string(introspectionXML(at: call.path))]))
        case (DBusBus.objectManagerInterface, "GetManagedObjects") where isManagerRoot(call.path):
            return reply(call, .success([managedObjects(below: call.path)]))
        default:
            break
        }
        guard let object = object(at: call.path) else {
            // libdbus (bluetoothd's dispatcher): a path inside the object tree is a node whose
            // handler declines the call (UnknownMethod); anything else is UnknownObject.
            return hasNode(at: call.path) ? replyUnknownMethod(call) : replyUnknownObject(call)
        }
        if call.interface == DBusBus.propertiesInterface {
            return handleProperties(call, object)
        }
        guard let (interface, method) = object.findMethod(interface: call.interface, member: call.member) else {
            return replyUnknownMethod(call)
        }
        let actual = call.arguments.signature
        guard actual == method.inSignature else {
            return reply(call, .failure(.remote(
                name: method.invalidArgumentsError,
                message: "Invalid arguments for \(interface.name).\(method.name): expected '\(method.inSignature)', got '\(actual)'")))
        }
        let expected = method.outSignature
        let channel = DBusReplyChannel { [self] outcome in
            if case let .success(values) = outcome, values.signature != expected {
                return reply(call, .failure(.remote(name: DBusErrorName.failed,
                    message: "\(interface.name).\(method.name) produced '\(values.signature)', declared '\(expected)'")))
            }
            reply(call, outcome)
        }
        let request = DBusMethodCall(sender: call.sender, path: call.path, interface: interface.name,
                                     member: method.name, arguments: call.arguments, channel: channel)
        runHandler {
            let outcome: Result<[DBusValue], DBusError>
            do throws(DBusError) {
                outcome = .success(try await method.handler(request))
            } catch {
                outcome = .failure(error)
            }
            _ = channel.send(outcome)
        }
    }

    private func replyUnknownObject(_ call: IncomingCall) {
        reply(call, .failure(.remote(name: DBusErrorName.unknownObject, message: Self.notHandledText(call))))
    }

    func replyUnknownMethod(_ call: IncomingCall) {
        reply(call, .failure(.remote(name: DBusErrorName.unknownMethod, message: Self.notHandledText(call))))
    }

    /// libdbus's text for a call nobody handled (dbus-connection.c), byte for byte, trailing newline
    /// included: what bluetoothd (gdbus over libdbus) answers for unknown paths, interfaces and methods.
    static func notHandledText(_ call: IncomingCall) -> String {
        DBusErrorText.methodDoesNotExist(member: call.member, signature: call.arguments.signature.rawValue,
                                         interface: call.interface ?? "")
    }

    /// Sends the method return or error for `call` (unless the caller asked for no reply).
    func reply(_ call: IncomingCall, _ outcome: Result<[DBusValue], DBusError>) {
        guard !call.noReplyExpected else { return }
        let message: Message
        do {
            switch outcome {
            case let .success(values):
                message = try LibDBus.newMethodReturn(to: call.message)
                do { try message.append(values) } catch {
                    return reply(call, .failure(.remote(name: DBusErrorName.failed, message: "cannot send the reply: \(error)")))
                }
            case let .failure(error):
                message = try LibDBus.newError(to: call.message, name: error.wireName, text: error.wireMessage)
            }
        } catch {
            LibDBus.trace("cannot build a reply: \(error)")
            return
        }
        driver.submit { $0.sendNow(message) }
    }

    /// `a{oa{sa{sv}}}` of every object below `root`.
    func managedObjects(below root: ObjectPath) -> DBusValue {
        let entries = objects(below: root).map { object in
            DBusDictEntry(key: .objectPath(object.path), value: .dictionary(
                key: "s", value: "a{sv}",
                object.managedSnapshot().map { DBusDictEntry(key: .string($0.0), value: $0.1) }))
        }
        return .dictionary(key: "o", value: "a{sa{sv}}", entries)
    }
}
