import ArgumentParser
import Foundation
import SweepRunner

extension IOSweep {
    /// `iosweep status DIR`: where a study stands.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show done / failed / stale / pending cells of a results directory.")

        @Argument(help: "The results directory.")
        var directory: String

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            let directory = RunDirectory(root: directory)
            let plan = try StudyExecution.frozenPlan(in: directory)
            let report = StatusReport(plan: plan, directory: directory)
            let text = json ? try report.json() : report.table()
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
