import ArgumentParser
import Doctor

/// `carehub doctor`: why Bluetooth does (not) work on this hub, in plain words, with what to do.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check why the hub does or does not see Bluetooth devices, and say what to do.",
        discussion: """
        Checks, in the order one cause leads to the next:
          kernel      Bluetooth support in the kernel (AF_BLUETOOTH socket)
          controller  a Bluetooth controller (hci device), and that it is up
          rfkill      a soft block (`rfkill unblock bluetooth`) or a hardware switch
          bus         the D-Bus system bus (DBUS_SYSTEM_BUS_ADDRESS is honoured)
          bluetoothd  bluetoothd on the bus (org.bluez)
          permission  whether this user may talk to bluetoothd
          adapter     an adapter in bluetoothd, and that it is powered
          carehubd    the CareHub daemon (org.carehub.Gateway) and its status

        Each line starts with ✓ (fine), ✗ (keeps Bluetooth from working) or !
        (worth knowing), followed by "What to do" where there is something to
        do. Fix the first ✗ first: later ones often follow from it. The last
        line is the verdict.

        Run it as root for the full picture: bus policy may hide bluetoothd
        from other users.

        OUTPUT with --json: one JSON object on stdout:
          usable    true | false
          verdict   the verdict line
          findings  [{check, status (ok | problem | warning), summary, action}]

        EXIT STATUS
          0   Bluetooth is usable: bluetoothd reports a powered adapter and
              nothing keeps it from working
          1   it is not (the findings say why)
        """
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Where sysfs is mounted (for rfkill).", visibility: .hidden))
    var sysfs = "/sys"

    func run() async throws {
        let report = await Doctor.examine(sysfsRoot: sysfs)
        if json {
            print(report.json())
        } else {
            print(report.text(), terminator: "")
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
