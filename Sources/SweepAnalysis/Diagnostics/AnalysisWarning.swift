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
