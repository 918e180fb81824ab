import ControlAPI
import DBus
#if canImport(Glibc)
import Glibc
#endif

/// Who is calling: the Unix user behind a bus connection, recorded as the technician.
enum BusCaller {
    /// The caller's user name (`GetConnectionUnixUser` + the passwd database), "uid N" for a user
    /// without a name, "unknown (sender)" if the bus cannot tell (e.g. a peer-to-peer connection).
    static func userName(of sender: String, on connection: DBusConnection) async -> String {
        do {
            let reply = try await connection.call(
                destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                method: "GetConnectionUnixUser", arguments: [.string(sender)], timeout: ControlBus.callTimeout, expecting: "u")
            guard let uid = reply.first?.uint32 else { return "unknown (\(sender))" }
            return userName(uid: uid)
        } catch {
            return "unknown (\(sender))"
        }
    }

    /// The passwd name of `uid`, or "uid N".
    static func userName(uid: UInt32) -> String {
        var size = 1024
        while size <= 1 << 20 {
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: size)
            let status = getpwuid_r(uid_t(uid), &entry, &buffer, buffer.count, &result)
            if status == ERANGE {
                size *= 4
                continue
            }
            guard status == 0, result != nil, let name = entry.pw_name else { break }
            return String(cString: name)
        }
        return "uid \(uid)"
    }
}
