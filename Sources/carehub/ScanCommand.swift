import ArgumentParser
import BlueZ
import ControlAPI

/// `carehub scan`: which health devices are around, live.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "List the health devices advertising nearby, live.",
        discussion: """
        Scans for devices offering the services the hub takes readings from
        (blood pressure, weight scale, body composition, thermometer, pulse
        oximeter, glucose); --all includes every device. On a terminal the table
        is redrawn in place, strongest signal first; otherwise each device is
        printed once, as one line, when first seen:
          ADDRESS  SERVICE  RSSI  PAIRED  ASSIGNED  NAME
        PAIRED says whether Bluetooth holds a pairing with the device; ASSIGNED
        whether it is assigned to the patient on this hub ("?" when the hub's
        list cannot be read). Ctrl-C ends the scan early (exit status 0).
        NO_COLOR turns colours off.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Seconds to scan (1–3600, default 30).", valueName: "seconds"),
            transform: { try ArgumentParsing.seconds($0, in: 1...3600) })
    var timeout: Int = 30

    @Flag(name: .long, help: "Include devices that offer no health service.")
    var all = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let client: BlueZDBusClient
        do {
            client = try await BlueZDBusClient.connect(logger: CLILog.logger("carehub.bluez"))
        } catch {
            console.failure(ControlError.bluetoothUnavailable("cannot connect to the system D-Bus (\(error))").description)
            throw ExitCode.failure
        }
        guard await client.isBlueZRunning() else {
            console.failure(ControlError.bluetoothUnavailable("bluetoothd is not running").description)
            throw ExitCode.failure
        }
        guard let adapter = await client.defaultAdapter() else {
            console.failure(ControlError.bluetoothUnavailable("there is no Bluetooth adapter").description)
            throw ExitCode.failure
        }
        guard adapter.powered else {
            console.failure(ControlError.bluetoothUnavailable("adapter \(adapter.hciName) is switched off").description)
            throw ExitCode.failure
        }
        let assigned = await ControlConnector.assignedAddresses(connection)
        let scanner = Scanner(client: client, adapter: adapter.path, includeAll: all, assigned: assigned, console: console)
        if console.terminal.isInteractive {
            console.spin("Scanning for \(timeout) s on \(adapter.hciName)… (Ctrl-C to stop)")
        }
        let seconds = timeout
        let outcome: Result<Void, BlueZError>?
        do {
            outcome = try await Interrupts.run {
                do throws(BlueZError) {
                    try await scanner.run(for: .seconds(seconds))
                    return Result<Void, BlueZError>.success(())
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            outcome = nil
        }
        // Stop discovery even after Ctrl-C cancelled the scan.
        await Task { await scanner.stop() }.value
        await client.stop()
        client.connection.close()
        console.finishLive()
        if case let .failure(error)? = outcome {
            console.failure(ControlError.bluetoothUnavailable("discovery failed (\(error))").description)
            throw ExitCode.failure
        }
        let count = await scanner.table.rows.count
        let what = all ? "device" : "health device"
        let summary = count == 0
            ? "No \(what)s found. Is the device advertising? Wake it (press its Bluetooth button) and scan again."
            : "\(count) \(what)\(count == 1 ? "" : "s") found. Pair one with `carehub pair ADDRESS`."
        if console.terminal.isInteractive {
            console.line(summary)
        } else {
            writeStandardError(summary + "\n")
        }
    }
}
