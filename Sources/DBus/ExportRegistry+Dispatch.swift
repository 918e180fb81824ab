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
        guard let object = object(at: call.path) else { return replyUnknownObject(call) }
        if call.interface == DBusBus.propertiesInterface {
            return handleProperties(call, object)
        }
        guard let (interface, method) = object.findMethod(interface: call.interface, member: call.member) else {
            return reply(call, .failure(.remote(
                name: DBusErrorName.unknownMethod,
                message: "Method \"\(call.member)\" with signature \"\(call.arguments.signature)\" on interface \"\(call.interface ?? "")\" doesn't exist")))
        }
        let actual = call.arguments.signature
        guard actual == method.inSignature else {
            return reply(call, .failure(.remote(
                name: DBusErrorName.invalidArgs,
                message: "Invalid arguments for \(interface.name).\(method.name): expected '\(method.inSignature)', got '\(actual)'")))
        }
        let request = DBusMethodCall(sender: call.sender, path: call.path, interface: interface.name,
                                     member: method.name, arguments: call.arguments)
        let expected = method.outSignature
        runHandler { [self] in
            let outcome: Result<[DBusValue], DBusError>
            do throws(DBusError) {
                let values = try await method.handler(request)
                if values.signature == expected {
                    outcome = .success(values)
                } else {
                    outcome = .failure(.remote(name: DBusErrorName.failed,
                        message: "\(interface.name).\(method.name) produced '\(values.signature)', declared '\(expected)'"))
                }
            } catch {
                outcome = .failure(error)
            }
            reply(call, outcome)
        }
    }

    private func replyUnknownObject(_ call: IncomingCall) {
        reply(call, .failure(.remote(name: DBusErrorName.unknownObject, message: "No such object path '\(call.path)'")))
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
