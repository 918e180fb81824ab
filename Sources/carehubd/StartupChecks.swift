import ControlAPI
import DBus
import Foundation
import Gateway

/// What carehubd checks before it opens or creates anything, so that a refusal leaves the hub's
/// files as they were.
enum StartupChecks {
    /// Another carehubd serving this bus: the well-known name is the one thing two daemons on a hub
    /// cannot share (the control API, the pairing agent and the devices all hang off it), so it is
    /// asked first, before the database is created or migrated (a second daemon with another
    /// database would otherwise create that file and only then fail on the name).
    static func refuseSecondDaemon(busAddress: String?) async throws(StartupRefusal) {
        let bus: DBusConnection
        do {
            bus = if let busAddress { try await DBusConnection.connect(address: busAddress) } else { try await DBusConnection.system() }
        } catch {
            throw StartupRefusal("cannot connect to the system bus (\(error)); is dbus running? Nothing was opened or created.")
        }
        defer { bus.close() }
        guard let owner = try? await bus.nameOwner(ControlBus.busName) else { return }
        var who = "connection \(owner)"
        if let reply = try? await bus.call(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
                                           method: "GetConnectionUnixProcessID", arguments: [.string(owner)]),
           case .uint32(let pid)? = reply.first {
            who = "pid \(pid)"
        }
        throw StartupRefusal("another carehubd (\(who)) already serves \(ControlBus.busName) on this bus: "
                             + "one daemon per hub. Stop it first (systemctl stop carehubd). Nothing was opened or created.")
    }

    /// The display page's port taken by another program: said in words before anything starts
    /// (the server's own error is `bind(descriptor:…): Address already in use`).
    static func refuseBusyPort(host: String, port: Int, configFile: String?) throws(StartupRefusal) {
        guard port != 0 else { return }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var one: Int32 = 1
        // As the server does: SO_REUSEADDR, so a port in TIME_WAIT is not "in use".
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 else { return }
        let code = errno
        let place = configFile.map { "display.port in \($0)" } ?? "display.port in the config file (or --display-port)"
        switch code {
        case EADDRINUSE:
            throw StartupRefusal("the display page's port \(port) on \(host) is in use: another program listens there "
                                 + "(see which: ss -ltnp 'sport = :\(port)'). Stop that program, or set \(place) to a free port.")
        case EACCES:
            throw StartupRefusal("the display page may not use port \(port) on \(host) (ports below 1024 need privileges); set \(place) to 1024 or above.")
        case EADDRNOTAVAIL:
            throw StartupRefusal("the display page's address \(host) is not an address of this machine; set display.host to 127.0.0.1.")
        default:
            throw StartupRefusal("the display page cannot listen on \(host):\(port) (\(String(cString: strerror(code)))).")
        }
    }
}

/// Why carehubd refused to start, in one sentence for the journal (exit status 1).
struct StartupRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
