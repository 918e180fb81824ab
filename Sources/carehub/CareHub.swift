import ArgumentParser

@main
struct CareHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carehub",
        abstract: "CareHub technician and operator tool.",
        discussion: """
        Commands that change the hub go through carehubd's control API when the
        daemon is running (org.carehub.Gateway on the system bus; root or the
        carehub-admin group). Without the daemon they work directly: the CLI
        talks to bluetoothd and opens the hub's database itself (--database,
        $CAREHUB_DATABASE).
        """,
        subcommands: [
            ScanCommand.self, PairCommand.self, AssignCommand.self, DevicesCommand.self, ForgetCommand.self,
            TestCommand.self, StatusCommand.self, DoctorCommand.self, DecodeCommand.self,
            FHIRCommand.self,
        ]
    )

    static func main() async {
        Interrupts.unblockSignals()
        CLILog.bootstrap()
        await main(nil)
    }
}
