import ControlAPI
import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one control operation the way every command does: connect (daemon or direct), run the
/// operation with Ctrl-C cancelling it, close, and turn failures into plain words on stderr with
/// exit status 1 (130 after Ctrl-C).
enum CommandRunner {
    static func perform<T: Sendable>(
        _ console: Console, _ options: ConnectionOptions, need: ControlConnector.Need = .store,
        _ operation: @escaping @Sendable (ControlSession) async throws(ControlError) -> T
    ) async throws -> T {
        let result: Result<T, ControlError>?
        do {
            result = try await Interrupts.run {
                let session: ControlSession
                do throws(ControlError) {
                    session = try await ControlConnector.connect(options, need: need)
                } catch {
                    return Result<T, ControlError>.failure(error)
                }
                let outcome: Result<T, ControlError>
                do throws(ControlError) {
                    outcome = .success(try await operation(session))
                } catch {
                    outcome = .failure(error)
                }
                // Closing must run even after Ctrl-C cancelled this task.
                await Task { await session.close() }.value
                return outcome
            }
        } catch {
            console.failure("\(error)")
            throw ExitCode.failure
        }
        switch result {
        case nil:
            console.finishLive()
            console.error("Cancelled.")
            throw ExitCode(Interrupts.exitStatus)
        case let .failure(error)?:
            console.failure(error.description)
            throw ExitCode.failure
        case let .success(value)?:
            return value
        }
    }
}

extension Console {
    /// A failure in plain words on stderr, prefixed "error: ". Left out when stdout and stderr are the
    /// same terminal and the line just printed said the same (pairing reports its failure as progress).
    func failure(_ message: String) {
        if terminal.isInteractive && isatty(2) == 1 && lastLine == message {
            finishLive()
            return
        }
        error("error: " + message)
    }
}
