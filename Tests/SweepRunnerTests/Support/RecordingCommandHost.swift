import Foundation
import SweepRunner

/// A host that records every argv and answers from a script: for behaviour only OpenZFS shows,
/// which cannot run here. Unscripted commands fail with status 127.
final class RecordingCommandHost: CommandHost, @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [[String]: CommandResult] = [:]
    private var recorded: [[String]] = []

    /// Answers `argv` with `stdout` and exit `status`.
    func reply(_ argv: [String], stdout: String = "", stderr: String = "", status: Int32 = 0) {
        lock.withLock { replies[argv] = CommandResult(argv: argv, termination: .exited(status), stdout: stdout, stderr: stderr) }
    }

    var commands: [[String]] { lock.withLock { recorded } }

    func run(_ argv: [String]) async throws -> CommandResult {
        lock.withLock {
            recorded.append(argv)
            return replies[argv] ?? CommandResult(argv: argv, termination: .exited(127), stderr: "not scripted")
        }
    }
}

/// The text of a file in `Fixtures/`.
func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil),
          let data = FileManager.default.contents(atPath: url.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/" + name])
    }
    return String(decoding: data, as: UTF8.self)
}
