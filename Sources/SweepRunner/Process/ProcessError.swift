/// Why a process could not be started.
public struct ProcessError: Error, Hashable, Sendable, CustomStringConvertible {
    public var argv: [String]
    public var message: String

    public init(argv: [String], message: String) {
        self.argv = argv
        self.message = message
    }

    public var description: String { "\(argv.first ?? "?"): \(message)" }
}
