#if canImport(Glibc)
import Glibc
#endif
import DBus
import Foundation

extension BlueZSimServer {
    func enqueue(_ effects: [SimEffect]) { queue.append(contentsOf: effects) }

    /// Performs queued effects strictly in order; re-entrant callers wait for the running performer.
    func performQueue() async {
        guard !performing else { return }
        performing = true
        defer { performing = false }
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            await perform(effect)
            enqueue(sim.drainEffects())
        }
    }

    private func perform(_ effect: SimEffect) async {
        switch effect {
        case .daemonStarted:
            await daemonStarted()
        case .daemonStopped(let crash):
            await daemonStopped(crash: crash)
        case .interfacesAdded(let path, let interfaces):
            exportObject(path, interfaces)
        case .interfacesRemoved(let path, let names):
            guard let object = exported[path] else { return }
            if Set(object.interfaceNames) == Set(names) {
                exported[path] = nil
                manager?.remove(ObjectPath(stringLiteral: path))
            } else {
                for name in names { object.removeInterface(name) }
            }
        case .propertiesChanged(let path, let interface, let changed, let invalidated):
            let changes = changed.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value.dbus)) }
                + invalidated.map { ($0, DBusValue?.none) }
            // The model only reports real changes (or forced ones such as every notification's Value).
            try? exported[path]?.setProperties(interface, changes, force: true)
        case .signal(let path, let interface, let member, let arguments):
            try? exported[path]?.emitSignal(interface: interface, name: member, arguments: arguments.map(\.dbus))
        case .reply(let id, let result):
            // The bus reply leaves now, before the effects after it (the handler's result is then ignored).
            if let call = replyChannels.removeValue(forKey: id) {
                do throws(DBusError) { call.reply(try wireValues(id, result)) } catch { call.reply(throwing: error) }
            }
            if let waiter = waiters.removeValue(forKey: id) {
                waiter.resume(returning: result)
            } else {
                early[id] = result
            }
        case .agentCall(let call):
            await callAgent(call)
        case .notifyAcquired(let call, let path):
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { return }
            if let old = acquiredSockets[path] { close(old) }
            acquiredSockets[path] = pair[0]
            pendingDescriptors[call] = FileDescriptorHandle(takingOwnershipOf: pair[1])
        case .notifyDatagram(let path, let bytes):
            guard let fd = acquiredSockets[path] else { return }
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
            if sent < 0, errno == EPIPE || errno == ECONNRESET || errno == ECONNREFUSED {
                // The client closed its end: bluetoothd sees HUP and releases the acquisition.
                sim.acquiredSocketClosed(path)
            }
        case .notifyReleased(let path):
            if let fd = acquiredSockets.removeValue(forKey: path) { close(fd) }
        case .writeAcquired(let call, let path):
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { return }
            writeSockets.removeValue(forKey: path)?.close()
            writeSockets[path] = AcquiredWriteSocket(descriptor: pair[0]) { [weak self] event in
                await self?.acquiredWriteEvent(path, event)
            }
            pendingDescriptors[call] = FileDescriptorHandle(takingOwnershipOf: pair[1])
        case .writeReleased(let path):
            writeSockets.removeValue(forKey: path)?.close()
        case .readApplication(let call, let owner, let path):
            readApplication(call, owner: owner, path: path)
        case .indicationSent(_, _, let sequence, let load):
            guard load else { return }
            logLoadSend(sequence)
        }
    }

    private func daemonStarted() async {
        do {
            let connection = try await DBusConnection.connect(address: busAddress)
            bluez = connection
            manager = try DBusObjectManager(connection: connection, root: "/")
            _ = try await connection.requestName("org.bluez", flags: [.doNotQueue])
        } catch {
            FileHandle.standardError.write(Data("bluez-sim: cannot claim org.bluez: \(error)\n".utf8))
        }
    }

    private func daemonStopped(crash: Bool) async {
        if !crash { try? await bluez?.releaseName("org.bluez") }
        bluez?.close()
        bluez = nil
        manager = nil
        exported = [:]
        replyChannels = [:]
        for (_, fd) in acquiredSockets { close(fd) }
        acquiredSockets = [:]
        for (_, socket) in writeSockets { socket.close() }
        writeSockets = [:]
    }

    /// Reads a GATT application's objects (its ObjectManager) for RegisterApplication.
    private func readApplication(_ call: CallID, owner: String, path: String) {
        guard let connection = bluez else { return }
        Task { [weak self] in
            var objects: [String: [String: [String: SimValue]]]?
            if let reply = try? await connection.call(destination: owner, path: ObjectPath(stringLiteral: path),
                                                      interface: "org.freedesktop.DBus.ObjectManager", method: "GetManagedObjects",
                                                      timeout: .seconds(10)) {
                var parsed: [String: [String: [String: SimValue]]] = [:]
                for entry in reply.first?.dictEntries ?? [] {
                    guard let objectPath = entry.key.objectPath?.rawValue else { continue }
                    for interface in entry.value.dictEntries ?? [] {
                        guard let name = interface.key.string else { continue }
                        parsed[objectPath, default: [:]][name] = (interface.value.variantDict ?? [:]).mapValues { SimValue($0.unwrapped) }
                    }
                }
                objects = parsed
            }
            await self?.applicationAnswered(call, objects)
        }
    }

    private func applicationAnswered(_ call: CallID, _ objects: [String: [String: [String: SimValue]]]?) async {
        sim.advance(to: elapsed)
        sim.applicationRead(call: call, objects: objects)
        await flush()
    }

    /// A datagram (or the client's close) on an AcquireWrite socket, in arrival order.
    func acquiredWriteEvent(_ path: String, _ event: AcquiredWriteSocket.Event) async {
        sim.advance(to: elapsed)
        switch event {
        case .datagram(let bytes): sim.acquiredWriteReceived(path, bytes)
        case .closed:
            writeSockets.removeValue(forKey: path)?.close()
            sim.acquiredWriteSocketClosed(path)
        }
        await flush()
    }

    private func exportObject(_ path: String, _ interfaces: [String: [String: SimValue]]) {
        if let existing = exported[path] {
            for (name, values) in interfaces.sorted(by: { $0.key < $1.key }) {
                try? manager?.addInterface(makeInterface(name, values, path: path), to: existing.path)
            }
            return
        }
        let object = DBusObject(path: ObjectPath(stringLiteral: path),
                                interfaces: interfaces.sorted { $0.key < $1.key }.map { makeInterface($0.key, $0.value, path: path) })
        do {
            try manager?.add(object)
            exported[path] = object
        } catch {
            FileHandle.standardError.write(Data("bluez-sim: cannot export \(path): \(error)\n".utf8))
        }
    }

    private func callAgent(_ call: AgentCall) async {
        guard let connection = bluez else { return }
        let timeout = Duration.milliseconds(loaded.scenario.settings.agentTimeoutMs + 1000)
        let arguments = call.arguments.map(\.dbus)
        if !call.expectsReply {
            // Release goes out before the connection closes on shutdown, so await it (briefly).
            if call.method == "Release" {
                _ = try? await connection.call(destination: call.owner, path: ObjectPath(stringLiteral: call.path),
                                               interface: BlueZInterface.agent, method: call.method, timeout: .seconds(2))
            } else {
                Task {
                    _ = try? await connection.call(destination: call.owner, path: ObjectPath(stringLiteral: call.path),
                                                   interface: BlueZInterface.agent, method: call.method, arguments: arguments,
                                                   timeout: timeout)
                }
            }
            return
        }
        let id = call.id
        Task { [weak self] in
            let result: SimResult
            do throws(DBusError) {
                let values = try await connection.call(destination: call.owner, path: ObjectPath(stringLiteral: call.path),
                                                       interface: BlueZInterface.agent, method: call.method,
                                                       arguments: arguments, timeout: timeout)
                result = .success(values.map { SimValue($0) })
            } catch {
                if case .remote(let name, let message) = error {
                    result = .failure(SimError(name: name, message: message))
                } else {
                    result = .failure(.failed("\(error)"))
                }
            }
            await self?.agentAnswered(id, result)
        }
    }

    private func agentAnswered(_ id: UInt64, _ result: SimResult) async {
        sim.advance(to: elapsed)
        sim.agentReplied(id: id, result: result)
        await flush()
    }

    private func logLoadSend(_ sequence: Int) {
        let nanoseconds = Self.monotonicNanoseconds()
        guard let path = loadLogPath else { return }
        if loadLog == nil {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            loadLog = FileHandle(forWritingAtPath: path)
        }
        loadLog?.write(Data("\(sequence) \(nanoseconds)\n".utf8))
    }
}
