import ArgumentParser
import Foundation
import SweepModel
import SweepPlanner

/// Loading experiment files for commands: diagnostics go to standard error, compiler style, and an invalid
/// experiment ends the command with exit status 2.
enum ExperimentInput {
    /// Loads and checks `path` (`-`: standard input): the loader's checks, then `extraChecks` (the planner's,
    /// once wired) whose diagnostics are located through the file's source map. Prints every problem.
    static func load(
        _ path: String, extraChecks: (ExperimentFile) -> [Diagnostic]
    ) -> Result<ExperimentFile, DiagnosticList> {
        let source: ExperimentSource
        do {
            source = try ExperimentSource(path: path)
        } catch {
            printDiagnostics(error.diagnostics, source: nil)
            return .failure(error)
        }
        let file: ExperimentFile
        do {
            file = try ExperimentLoader.load(source)
        } catch {
            printDiagnostics(error.diagnostics, source: source.text, file: source.file)
            return .failure(error)
        }
        let extra = file.locate(RuleMetricCheck.problems(file.experiment) + extraChecks(file))
        if !extra.isEmpty { printDiagnostics(extra, source: file.text, file: file.path) }
        if extra.contains(where: { $0.severity == .error }) { return .failure(DiagnosticList(extra)) }
        return .success(file)
    }

    /// Loads `path` or ends the command with exit status 2.
    static func loadOrExit(
        _ path: String, extraChecks: (ExperimentFile) -> [Diagnostic]
    ) throws -> ExperimentFile {
        switch load(path, extraChecks: extraChecks) {
        case .success(let file): return file
        case .failure: throw ExitStatus.invalidExperiment
        }
    }

    /// Problems only planning finds: two cells writing the same result path, a slice beyond the disk list,
    /// an expression that fails for some cell. Diagnostics carry a `path` (and an `offset` inside an
    /// expression); `ExperimentFile.locate` maps them to lines and columns. A matrix of more than `maxCells`
    /// cells is one of them.
    static func planningDiagnostics(maxCells: Int) -> (ExperimentFile) -> [Diagnostic] {
        { planningDiagnostics($0, maxCells: maxCells) }
    }

    private static func planningDiagnostics(_ file: ExperimentFile, maxCells: Int) -> [Diagnostic] {
        Planner(baseDirectory: file.directory, maxCells: maxCells).problems(file.experiment)
    }

    /// Prints `diagnostics` against `source`, the text of `file` (diagnostics located elsewhere get no source line).
    static func printDiagnostics(_ diagnostics: [Diagnostic], source: String?, file: String? = nil) {
        let text = DiagnosticRenderer.render(diagnostics, source: source, file: file)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
