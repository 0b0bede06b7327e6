import ArgumentParser
import Foundation
import SweepRecords
import SweepModel
import SweepPlanner
import SweepRunner

extension IOSweep {
    /// `iosweep run FILE`: executes a study with resumable checkpointing.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a study; an existing results directory is resumed.",
            discussion: """
                Cells are written under .partial/<id> and renamed into place when complete; every event is \
                journalled in \(RunLayout.journal). Kill the run at any moment and run it again (or `iosweep resume DIR`): \
                finished cells are skipped, stale ones moved aside and rerun.

                Exit status: 0 every cell ok; 1 some cell failed; 2 invalid experiment; 3 refused (disk safety, \
                no --yes without a terminal, ZFS not answering); 4 the results directory is locked by another run; \
                130/143 interrupted by SIGINT/SIGTERM (resumable).

                Examples:
                  iosweep run Experiments/quickstart.yaml
                  iosweep run Experiments/seed.yaml --results results/zil --yes
                  iosweep run Experiments/seed.yaml --only ndisks=2 --retries 1
                  iosweep run Experiments/seed.yaml --dry-run
                  iosweep run Experiments/seed.yaml --restart
                """)

        @Argument(help: "The experiment file (YAML).")
        var file: String?

        @Option(name: .customLong("plan"), help: "Run a plan rendered by `iosweep plan --format json` instead of an experiment file.")
        var planFile: String?

        @Option(help: "Results directory (default: results/<experiment name>).")
        var results: String?

        @Flag(help: "Move the existing results directory aside and start over.")
        var restart = false

        @Option(name: .customLong("only"), help: "Run only cells with AXIS=VALUE (repeatable).")
        var only: [String] = []

        @Flag(name: .customLong("dry-run"), help: "Show what would run (cell states and commands), run nothing.")
        var dryRun = false

        @OptionGroup var execution: ExecutionOptions

        @OptionGroup var planning: PlanningOptions

        func validate() throws {
            guard (file == nil) != (planFile == nil) else {
                throw ValidationError("give an experiment file or --plan PLAN.json (one of them)")
            }
            for entry in only where !entry.contains("=") {
                throw ValidationError("--only takes AXIS=VALUE, not '\(entry)'")
            }
            if planFile != nil, !only.isEmpty { throw ValidationError("--only needs an experiment file") }
        }

        func run() async throws {
            let (experiment, plan, selected) = try loadPlan()
            let directory = RunDirectory(root: results ?? "results/\(plan.experiment)")
            if dryRun {
                DryRun.print(plan: plan, directory: directory, selected: selected)
                return
            }
            if restart { try Self.moveAside(directory) }
            try await StudyExecution.execute(
                plan: plan, experiment: experiment, directory: directory, execution: execution,
                selects: { selected?.contains($0.id) ?? true })
        }

        private func loadPlan() throws -> (Experiment?, Plan, Set<String>?) {
            if let planFile {
                guard let data = FileManager.default.contents(atPath: planFile) else {
                    StudyExecution.fail("cannot read \(planFile)")
                    throw ExitCode.validationFailure
                }
                do {
                    return (nil, try JSONDecoder().decode(Plan.self, from: data), nil)
                } catch {
                    StudyExecution.fail("\(planFile) is not a plan rendered by `iosweep plan --format json`: \(error)")
                    throw ExitStatus.invalidExperiment
                }
            }
            let axes = only.map { entry -> (axis: String, value: String) in
                let parts = entry.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
            return try Self.planExperiment(file ?? "", only: axes, maxCells: planning.maxCells)
        }

        /// Renames the results directory to `<dir>.restarted-<time>`, refusing while a run holds it.
        static func moveAside(_ directory: RunDirectory) throws {
            guard FileManager.default.fileExists(atPath: directory.root) else { return }
            if let pid = RunLock.holder(of: directory.lock) {
                StudyExecution.fail("\(RunLockError.held(pid: pid, path: directory.lock))")
                throw ExitStatus.locked
            }
            let aside = directory.root + ".restarted-" + Timestamp.now().compact
            do {
                try FileSystem.rename(directory.root, to: aside)
            } catch {
                StudyExecution.fail("\(error)")
                throw ExitStatus.failure
            }
            FileHandle.standardError.write(Data("iosweep: moved the previous results to \(aside)\n".utf8))
        }
    }
}
