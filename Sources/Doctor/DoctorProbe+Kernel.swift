import CBluetooth

#if canImport(Glibc)
import Glibc
#endif

extension DoctorProbe {
    /// Asks the kernel through an AF_BLUETOOTH/BTPROTO_HCI socket: HCIGETDEVLIST, then
    /// HCIGETDEVINFO per controller. A controller that vanishes between the two (USB reset) is
    /// skipped, not an error.
    public static func kernelBluetooth() -> DoctorFacts.Kernel {
        let fd = carehub_hci_open()
        if fd < 0 {
            let code = -fd
            if code == EAFNOSUPPORT { return .unsupported }
            return .failed(operation: "socket(AF_BLUETOOTH, SOCK_RAW, BTPROTO_HCI)", errno: code, message: errorText(code))
        }
        defer { carehub_hci_close(fd) }

        let capacity = Int(CAREHUB_HCI_MAX_DEVICES)
        var ids = [UInt16](repeating: 0, count: capacity)
        let count = ids.withUnsafeMutableBufferPointer { buffer in
            carehub_hci_device_ids(fd, buffer.baseAddress, Int32(buffer.count))
        }
        if count < 0 {
            return .failed(operation: "ioctl(HCIGETDEVLIST)", errno: -count, message: errorText(-count))
        }
        var controllers: [DoctorFacts.Controller] = []
        for id in ids.prefix(min(Int(count), capacity)) {
            var info = carehub_hci_device()
            let result = carehub_hci_device_info(fd, id, &info)
            if result == -ENODEV { continue }
            if result < 0 {
                return .failed(operation: "ioctl(HCIGETDEVINFO, hci\(id))", errno: -result, message: errorText(-result))
            }
            controllers.append(DoctorFacts.Controller(
                name: cString(info.name) ?? "hci\(id)",
                address: cString(info.address) ?? "?",
                bus: cString(info.bus) ?? "UNKNOWN",
                isUp: info.up != 0, isRunning: info.running != 0))
        }
        return .controllers(controllers)
    }

    /// The error text of `code` (strerror).
    static func errorText(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    /// A fixed-size C char array as a String: up to the first NUL, within the array's bounds;
    /// nil if empty.
    static func cString<T>(_ tuple: T) -> String? {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
    }
}
