import Testing
@testable import Doctor

#if canImport(Glibc)
import Glibc
#endif

/// The real kernel probe on this machine, whatever it has, checked against a direct socket() call.
@Suite("carehub doctor: kernel probe")
struct DoctorKernelProbeTests {
    @Test("The probe agrees with socket(AF_BLUETOOTH, SOCK_RAW, BTPROTO_HCI) on this machine")
    func agreesWithSocket() {
        // AF_BLUETOOTH = 31, BTPROTO_HCI = 1 (linux/socket.h, bluetooth/bluetooth.h).
        let fd = socket(31, Int32(SOCK_RAW.rawValue), 1)
        let code = errno
        if fd >= 0 { close(fd) }
        let probe = DoctorProbe.kernelBluetooth()
        switch probe {
        case .unsupported:
            #expect(fd < 0 && code == EAFNOSUPPORT)
        case let .failed(operation, failedErrno, message):
            if operation.hasPrefix("socket") {
                #expect(fd < 0 && code == failedErrno && code != EAFNOSUPPORT)
            } else {
                #expect(fd >= 0, "socket worked directly but the probe failed at \(operation)")
            }
            #expect(!message.isEmpty)
        case let .controllers(controllers):
            #expect(fd >= 0)
            #expect(controllers.count <= 16)
            for controller in controllers {
                #expect(controller.name.hasPrefix("hci"))
                #expect(controller.address.count == 17)
            }
        }
    }
}
