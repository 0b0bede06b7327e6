import ArgumentParser
import Foundation
import SweepModel

// SHIM until the YAML loader branch (`ExperimentLoader`, `ExperimentFile`, `ExperimentInput`) lands on main:
// delete this file then. It only reads an `Experiment` encoded as JSON (its Codable form), so that the
// planner can be exercised from the command line before YAML loading exists.

struct ExperimentFile {
    var experiment: Experiment
    var path: String
    var text: String
    var directory: String { path.contains("/") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : "." }
    func locate(_ diagnostics: [Diagnostic]) -> [Diagnostic] { diagnostics }
}

enum ExperimentInput {
    static func loadOrExit(_ path: String, extraChecks: (ExperimentFile) -> [Diagnostic]) throws -> ExperimentFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            printDiagnostics([Diagnostic(.error, "cannot read '\(path)'", location: SourceLocation(file: path, line: 1, column: 1))], source: nil)
            throw ExitStatus.invalidExperiment
        }
        do {
            let experiment = try JSONDecoder().decode(Experiment.self, from: data)
            return ExperimentFile(experiment: experiment, path: path, text: String(decoding: data, as: UTF8.self))
        } catch {
            printDiagnostics([Diagnostic(.error, "this build reads only JSON experiments (YAML loader not merged yet): \(error)",
                location: SourceLocation(file: path, line: 1, column: 1))], source: nil)
            throw ExitStatus.invalidExperiment
        }
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic], source: String?) {
        var out = ""
        for d in diagnostics {
            out += "\(d.location?.description ?? d.path?.description ?? "<experiment>"): \(d.severity.rawValue): \(d.message)\n"
            if let hint = d.hint { out += "  hint: \(hint)\n" }
        }
        FileHandle.standardError.write(Data(out.utf8))
    }
}
