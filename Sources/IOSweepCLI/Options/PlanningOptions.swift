import ArgumentParser
import SweepModel

/// `--max-cells N`, for every command that plans an experiment file (validate, plan, run, export).
struct PlanningOptions: ParsableArguments {
    @Option(
        name: .customLong("max-cells"),
        help: ArgumentHelp(
            "Plan at most N cells (default \(ExperimentLimits.cells.groupedDigits)); a larger matrix is an error, found before it is expanded.",
            valueName: "n"))
    var maxCells: Int = ExperimentLimits.cells

    func validate() throws {
        guard maxCells >= 1 else { throw ValidationError("--max-cells must be at least 1") }
    }
}
