import Foundation

/// The text of an experiment file and where it came from, read before loading so that diagnostics
/// can be rendered with their source lines.
public struct ExperimentSource: Hashable, Sendable {
    /// The name used in diagnostics: the path as given, or `<stdin>`.
    public var file: String
    public var text: String
    /// Where relative paths in the experiment (`job-file`) are resolved.
    public var directory: String

    public init(file: String, text: String, directory: String) {
        self.file = file
        self.text = text
        self.directory = directory
    }

    /// Reads `path` (`-`: standard input). A missing or unreadable file, or one that is not UTF-8,
    /// is a `DiagnosticList` with one located diagnostic.
    public init(path: String) throws(DiagnosticList) {
        let isStdin = path == "-"
        let file = isStdin ? "<stdin>" : path
        let data: Data
        if isStdin {
            switch FileContents.readStandardInput(limit: FileContents.textLimit) {
            case .success(let bytes):
                data = Data(bytes)
            case .failure(let failure):
                throw Self.failure(file, "standard input \(failure)", hint: "experiment files are YAML text files")
            }
        } else {
            switch FileContents.read(path, limit: FileContents.textLimit, streams: true) {
            case .success(let bytes):
                data = Data(bytes)
            case .failure(.missing):
                throw Self.failure(file, "no such file: \(path)", hint: "check the path; 'iosweep init NAME' writes a new experiment")
            case .failure(.directory):
                throw Self.failure(file, "\(path) is a directory, not an experiment file", hint: "give the .yaml file")
            case .failure(let failure):
                throw Self.failure(file, "\(path) \(failure)", hint: "experiment files are YAML text files")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Self.failure(file, "\(file) is not UTF-8 text", hint: "experiment files are YAML text in UTF-8")
        }
        self.init(file: file, text: text, directory: isStdin ? "." : ExperimentLoader.directory(of: path))
    }

    private static func failure(_ file: String, _ message: String, hint: String) -> DiagnosticList {
        DiagnosticList([Diagnostic(.error, message, hint: hint, location: SourceLocation(file: file, line: 1, column: 1))])
    }
}
