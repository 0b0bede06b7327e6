/// What a finished short command left: its argv, how it ended, and its captured output.
package struct CommandResult: Hashable, Sendable {
    /// Most bytes kept of each of stdout and stderr by ``Host/run(_:)``; more output fails the command.
    package static let defaultLimit = 4 << 20

    package var argv: [String]
    package var termination: Termination
    package var stdout: String
    package var stderr: String

    package init(argv: [String], termination: Termination, stdout: String = "", stderr: String = "") {
        self.argv = argv
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
    }

    /// `true` when the command exited with status 0.
    package var succeeded: Bool { termination.isSuccess }

    /// Standard output split into lines, without the trailing empty line (none for an empty output).
    package var stdoutLines: [Substring] {
        guard !stdout.isEmpty else { return [] }
        return stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stdout.hasSuffix("\n") ? 1 : 0)
            .map { $0 }
    }
}
