import Testing

/// Bad arguments are usage errors: ArgumentParser's exit status 64 (EX_USAGE, as `decode` documents),
/// a message saying what to type instead, and nothing done.
struct UsageTests {
    static let cases: [([String], String)] = [
        (["pair", "AA:BB:CC:DD:EE"], "is not a Bluetooth address"),
        (["pair"], "Missing expected argument '<address>'"),
        (["assign", "AA:BB:CC:DD:EE:01"], "Missing expected argument '--patient <id>'"),
        (["assign", "AA:BB:CC:DD:EE:01", "--patient", "19121212-1212"], "personal identity number"),
        (["assign", "AA:BB:CC:DD:EE:01", "--patient", "P 1"], "patient id"),
        (["assign", "AA:BB:CC:DD:EE:01", "--patient", "P-1", "--user", "300"], "--user must be a user number"),
        (["test", "AA:BB:CC:DD:EE:01", "--timeout", "0"], "--timeout must be a whole number of seconds from 1 to 600"),
        (["scan", "--timeout", "soon"], "--timeout must be a whole number"),
        (["forget", "nope"], "is not a Bluetooth address"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ]

    @Test(arguments: cases)
    func badArgumentsAreUsageErrors(arguments: [String], message: String) async throws {
        // No bus: the arguments are refused before anything is contacted.
        let output = try await RunningCarehub.run(arguments, environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent"])
        #expect(output.status == 64, "\(arguments): \(output.stderr)")
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
    }

    @Test func helpListsEveryCommand() throws {
        let output = try CarehubProcess.run(["--help"])
        #expect(output.status == 0)
        for command in ["scan", "pair", "assign", "devices", "forget", "test", "status", "decode"] {
            #expect(output.stdout.contains("  \(command) "), "--help should list \(command)")
        }
    }
}
