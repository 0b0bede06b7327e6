import ArgumentParser
import SweepRunner

extension IOSweep {
    /// `iosweep resume DIR`: continues the study frozen in a results directory.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue an interrupted run from the plan frozen in its results directory.")

        @Argument(help: "The results directory.")
        var directory: String

        @OptionGroup var execution: ExecutionOptions

        func run() async throws {
            let directory = RunDirectory(root: directory)
            let plan = try StudyExecution.frozenPlan(in: directory)
            try await StudyExecution.execute(plan: plan, experiment: nil, directory: directory, execution: execution)
        }
    }
}
