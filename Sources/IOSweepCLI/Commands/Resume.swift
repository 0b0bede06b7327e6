import ArgumentParser
import SweepRunner

extension IOSweep {
    /// `iosweep resume DIR`: continues the study frozen in a results directory.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue an interrupted run from the plan frozen in its results directory.",
            discussion: """
                Needs no experiment file: the experiment, plan and job files are frozen in DIR. Leftover processes \
                and resources of the interrupted run (only those carrying its marker) are ended and torn down first.

                Examples:
                  iosweep resume results/zil-sync-writes
                  iosweep resume results/quickstart --on-failure continue
                """)

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
