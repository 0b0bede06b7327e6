/// A command that could not do its job.
package enum CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The command ran and exited non-zero (or was killed by a signal).
    case failed(CommandResult)
    /// The command could not be started (not installed, not executable, an output file that cannot be opened),
    /// or a short command wrote more than its capture limit.
    case notStarted(argv: [String], reason: String)

    package var description: String {
        switch self {
        case .failed(let result):
            let how: String
            switch result.termination {
            case .exited(let code): how = "exited with status \(code)"
            case .signaled(let signal): how = "was killed by signal \(signal)"
            }
            let detail = result.stderr.trimmingWhitespace
            return "`\(result.argv.joined(separator: " "))` \(how)" + (detail.isEmpty ? "" : ": \(detail)")
        case .notStarted(let argv, let reason):
            return "could not start `\(argv.joined(separator: " "))`: \(reason)"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
