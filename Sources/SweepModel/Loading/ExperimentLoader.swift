import Foundation
import Yams

/// Loads experiment files: YAML text → `Node` (Yams `compose`) → `Experiment` plus a `SourceMap`,
/// then validates. Every problem is collected and thrown at once as a `DiagnosticList` whose
/// diagnostics all carry a `file:line:column`.
public enum ExperimentLoader {
    /// Reads and loads the file at `path`; `-` reads standard input.
    public static func load(path: String) throws(DiagnosticList) -> ExperimentFile {
        try load(try ExperimentSource(path: path))
    }

    /// Loads text already read.
    public static func load(_ source: ExperimentSource) throws(DiagnosticList) -> ExperimentFile {
        try load(yaml: source.text, file: source.file, directory: source.directory)
    }

    /// Loads experiment YAML text; `file` names it in diagnostics; relative `job-file`s are resolved
    /// against `directory` (default: the directory of `file`).
    public static func load(yaml: String, file: String, directory: String? = nil) throws(DiagnosticList) -> ExperimentFile {
        let node: Node?
        do {
            node = try ExpressionShield.compose(yaml: yaml)
        } catch let error as YamlError {
            throw DiagnosticList([Diagnostic(error, file: file)])
        } catch let error as NodeBudget.Exceeded {
            throw DiagnosticList([error.diagnostic(file: file)])
        } catch {
            throw DiagnosticList([Diagnostic(.error, "YAML: \(error)", location: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let node, !NodeDecoder.isNull(node) else {
            throw DiagnosticList([
                Diagnostic(
                    .error, "the experiment file is empty", hint: "start with 'experiment: NAME' (iosweep init writes a template)",
                    location: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        var decoder = NodeDecoder(file: file)
        let experiment = decoder.experiment(node)
        var diagnostics = decoder.diagnostics
        if let experiment {
            let checks = ExperimentValidator.validate(experiment, directory: directory ?? Self.directory(of: file))
            // A field the decoder already complained about is not reported twice.
            let reported = Set(diagnostics.compactMap(\.path))
            diagnostics += checks.filter { $0.path.map { !reported.contains($0) } ?? true }
        }
        let located = decoder.sourceMap.locate(diagnostics)
        if located.contains(where: { $0.severity == .error }) || experiment == nil {
            throw DiagnosticList(
                located.isEmpty
                    ? [Diagnostic(.error, "the experiment could not be read", location: SourceLocation(file: file, line: 1, column: 1))]
                    : located)
        }
        guard let experiment else { throw DiagnosticList(located) }
        return ExperimentFile(experiment: experiment, sourceMap: decoder.sourceMap, path: file, text: yaml)
    }

    /// The directory part of a path (`.` when there is none).
    static func directory(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return path.contains("/") ? url.deletingLastPathComponent().path : "."
    }
}
