/// What a finished short command left: its argv, how it ended, and its captured output.
public struct CommandResult: Hashable, Sendable {
    /// Most bytes kept of each of stdout and stderr by ``Host/run(_:)``; more output fails the command.
    public static let defaultLimit = 4 << 20

    public var argv: [String]
    public var termination: Termination
    public var stdout: String
    public var stderr: String

    public init(argv: [String], termination: Termination, stdout: String = "", stderr: String = "") {
        self.argv = argv
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
    }

    /// `true` when the command exited with status 0.
    public var succeeded: Bool { termination.isSuccess }

    /// Standard output split into lines, without the trailing empty line.
    public var stdoutLines: [Substring] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stdout.hasSuffix("\n") ? 1 : 0)
            .map { $0 }
    }
}
