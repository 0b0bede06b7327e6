/// A result file that could not be used: unreadable, empty, cut off, corrupt, or not what it should be.
///
/// The file is always named, so a report can say which cell is missing what, and carry on with the others.
public struct AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the file (or directory) at fault, as given to the parser or loader.
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): error: \(message)" }
}

/// A problem that does not stop a report: skipped directories, missing values, approximate values.
public struct AnalysisWarning: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Files or directories the warning is about.
    public var files: [String]

    public init(_ message: String, files: [String] = []) {
        self.message = message
        self.files = files
    }

    public var description: String {
        guard !files.isEmpty else { return "warning: \(message)" }
        let shown = files.prefix(5).joined(separator: ", ")
        let more = files.count > 5 ? ", … (\(files.count - 5) more)" : ""
        return "warning: \(message): \(shown)\(more)"
    }
}
