import ArgumentParser
import SweepModel
import SweepPlanner

extension IOSweep.Run {
    /// Loads and plans an experiment file: the full plan (frozen in the run directory) and, with `--only`,
    /// the ids of the selected cells. Planning problems (a matrix of more than `maxCells` cells among them)
    /// are printed against the file; exit status 2.
    static func planExperiment(
        _ path: String, only: [(axis: String, value: String)], maxCells: Int
    ) throws -> (Experiment?, Plan, Set<String>?) {
        let file = try ExperimentInput.loadOrExit(path, extraChecks: { _ in [] })
        let planner = Planner(baseDirectory: file.directory, maxCells: maxCells)
        do {
            let plan = try planner.plan(file.experiment)
            let selected = only.isEmpty ? nil : Set(try planner.plan(file.experiment, only: only).cells.map(\.id))
            return (file.experiment, plan, selected)
        } catch {
            ExperimentInput.printDiagnostics(file.locate(error.diagnostics), source: file.text, file: file.path)
            throw ExitStatus.invalidExperiment
        }
    }
}
