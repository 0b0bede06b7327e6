/// Output captured from a short command.
public struct CapturedOutput: Hashable, Sendable {
    public var termination: Termination
    public var stdout: String

    public init(termination: Termination, stdout: String) {
        self.termination = termination
        self.stdout = stdout
    }
}
