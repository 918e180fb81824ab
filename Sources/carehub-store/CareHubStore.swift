import ArgumentParser

/// `carehub-store`: the reference monitoring store (docs/STORE.md). The command line is an interface
/// others script against: keep it stable.
@main
struct CareHubStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carehub-store",
        abstract: "CareHub's reference monitoring store: FHIR for hubs, pages for staff.",
        subcommands: [Serve.self, Migrate.self, HubCommand.self, StaffCommand.self, PatientCommand.self, WorklistCommand.self])
}
