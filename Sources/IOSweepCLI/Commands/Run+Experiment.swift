import ArgumentParser
import SweepModel
import SweepPlanner

extension IOSweep.Run {
    /// Loads and plans an experiment file: the full plan (frozen in the run directory) and, with `--only`,
    /// the ids of the selected cells.
    ///
    /// Wiring point for `Planner(baseDirectory:)`, which lands from the planner branch:
    /// ```swift
    /// let planner = Planner(baseDirectory: file.directory)
    /// let plan = try planner.plan(file.experiment)
    /// let selected = only.isEmpty ? nil : Set(try planner.plan(file.experiment, only: only).cells.map(\.id))
    /// return (file.experiment, plan, selected)
    /// ```
    static func planExperiment(
        _ path: String, only: [(axis: String, value: String)]
    ) throws -> (Experiment?, Plan, Set<String>?) {
        _ = try ExperimentInput.loadOrExit(path)
        StudyExecution.fail("this build has no planner yet; run a rendered plan with --plan PLAN.json")
        throw ExitStatus.refused
    }
}
