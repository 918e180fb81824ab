import Foundation

/// Runs a program to completion and returns its output; throws when it exits non-zero.
struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs a shell command to completion with posix_spawn and waitpid (Foundation's Process did not
/// always notice the exit of `runuser … pg_ctl start`, whose server keeps running); output goes
/// where the command sends it.
func shell(_ command: String) throws {
    var pid: pid_t = 0
    let arguments = ["/bin/sh", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
    guard spawned == 0 else { throw ProcessFailure(description: "posix_spawn failed (\(spawned)) for \(command)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED && WEXITSTATUS == 0
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
        throw ProcessFailure(description: "\(command) failed with wait status \(status)")
    }
}

/// Runs a program to completion (posix_spawn, waitpid), its stdin from `input`, its stdout and
/// stderr through temporary files: no pipe a stray child could hold open, no Foundation Process
/// (whose exit notification was seen to stall under the test runner's load).
@discardableResult
func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-run-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let inPath = directory.appendingPathComponent("in").path
    let outPath = directory.appendingPathComponent("out").path
    let errPath = directory.appendingPathComponent("err").path
    try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: inPath))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
    guard spawned == 0 else { throw ProcessFailure(description: "posix_spawn \(executable) failed (\(spawned))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exit: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (exit, out, err)
}

/// Runs a program and throws with its stderr when it fails.
@discardableResult
func runChecked(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
    let result = try run(executable, arguments, input: input)
    guard result.status == 0 else {
        throw ProcessFailure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.err.suffix(2000))")
    }
    return result.out
}
