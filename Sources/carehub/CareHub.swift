import ArgumentParser

@main
struct CareHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carehub",
        abstract: "CareHub technician and operator tool.",
        subcommands: [DecodeCommand.self, DoctorCommand.self]
    )
}
