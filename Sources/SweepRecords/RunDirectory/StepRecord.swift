/// One executed step of a cell.
public struct StepRecord: Hashable, Sendable, Codable {
    public var kind: String
    public var argv: [String]
    public var pid: Int32?
    public var exit: Int32?
    public var signal: Int32?
    public var timedOut: Bool?
    public var start: String
    public var end: String
    public var seconds: Double
    /// Files holding the step's stdout and stderr, relative to the cell directory.
    public var stdout: String?
    public var stderr: String?
    /// Why the step failed to start, when it did.
    public var error: String?

    public init(
        kind: String, argv: [String], pid: Int32?, exit: Int32?, signal: Int32?, timedOut: Bool?, start: String,
        end: String, seconds: Double, stdout: String?, stderr: String?, error: String?
    ) {
        self.kind = kind
        self.argv = argv
        self.pid = pid
        self.exit = exit
        self.signal = signal
        self.timedOut = timedOut
        self.start = start
        self.end = end
        self.seconds = seconds
        self.stdout = stdout
        self.stderr = stderr
        self.error = error
    }
}
