import ArgumentParser
import SweepModel
import SweepPlanner

extension IOSweep.Run {
    /// Loads and plans an experiment file: the full plan (frozen in the run directory) and, with `--only`,
    /// the ids of the selected cells.
    ///
    /// Wiring point for `ExperimentLoader` and `Planner(baseDirectory:)`, which land from other branches.
    static func planExperiment(
        _ path: String, only: [(axis: String, value: String)]
    ) throws -> (Experiment?, Plan, Set<String>?) {
        StudyExecution.fail("running an experiment file needs the YAML loader and planner; use --plan PLAN.json")
        throw ExitStatus.invalidExperiment
    }
}
