import ArgumentParser
import BlueZSim
import Foundation

/// `bluez-sim`: a bluetoothd stand-in on a (private) bus, scripted by a scenario file.
@main
struct BlueZSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bluez-sim",
        abstract: "Simulate bluetoothd (org.bluez) with BLE cuffs and scales on a D-Bus bus, for tests.",
        discussion: HelpText.discussion
    )

    @Option(name: .long, help: "Scenario file (JSON), e.g. fixtures/scenarios/cuff-and-scale.json.")
    var scenario: String

    @Option(name: .long, help: "Directory of payload fixtures referenced by id (default: fixtures/payloads next to the scenario's folder).")
    var payloads: String?

    @Option(name: .long, help: "Bus address (default: $DBUS_SYSTEM_BUS_ADDRESS, else the system bus).")
    var address: String?

    @Option(name: .long, help: "Load-run log file: one line 'sequence monotonic_ns' per indication (default: the scenario's load.logFile).")
    var loadLog: String?

    @Option(name: .long, help: "State file (JSON) of stored devices (bonds, trust, aliases): loaded at start if present, rewritten on every change, so bonds survive a bluez-sim restart. Default: memory only.")
    var stateFile: String?

    @Flag(name: .long, help: "Validate the scenario and exit (no bus needed).")
    var check = false

    func run() async throws {
        let payloadDirectory = payloads ?? defaultPayloads()
        let loaded: LoadedScenario
        do {
            let library = try PayloadLibrary.load(directory: payloadDirectory)
            loaded = try ScenarioLoader.load(file: scenario, payloads: library)
        } catch {
            FileHandle.standardError.write(Data("bluez-sim: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if check {
            print("bluez-sim: \(scenario) is valid (\(loaded.scenario.peripherals.count) peripherals)")
            return
        }
        let env = ProcessInfo.processInfo.environment
        let busAddress = address ?? env["DBUS_SYSTEM_BUS_ADDRESS"] ?? "unix:path=/var/run/dbus/system_bus_socket"
        let server = try await BlueZSimServer.start(loaded, busAddress: busAddress, loadLog: loadLog, stateFile: stateFile)
        // Tests wait for this line before talking to org.bluez.
        let ready = "bluez-sim ready org.bluez=\(await server.bluezUniqueName ?? "") control=\(BlueZSimServer.controlName)\n"
        FileHandle.standardOutput.write(Data(ready.utf8))
        await waitForTermination()
        await server.stop()
    }

    private func defaultPayloads() -> String {
        let folder = URL(fileURLWithPath: scenario).deletingLastPathComponent().deletingLastPathComponent()
        return folder.appendingPathComponent("payloads").path
    }

    /// Suspends until SIGINT or SIGTERM.
    private func waitForTermination() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "bluez-sim.signals")
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
