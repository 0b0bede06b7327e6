import ArgumentParser
import Foundation
import SweepModel
import SweepPlanner

extension IOSweep {
    /// `iosweep plan FILE`: the dry-run. Renders the Plan the runner would execute, never a second code path.
    /// Named `PlanCommand` so that `Plan` inside `extension IOSweep` still means the planner's `Plan` value.
    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Print every command a run would execute (dry-run), as text, a bash script or JSON.",
            discussion: """
                text: a header (cells, steps, estimated runtime, devices destroyed), then each cell with its id, \
                result path and numbered commands. sh: a self-contained bash script doing the same work without \
                checkpointing; an adaptive study (matrix.stop, search) is refused, since only `iosweep run` decides from \
                published results which cells to skip. json: the Plan itself (schema in README.md). Placeholders such as @{run} and @{cell} \
                are bound at run time.

                With --results DIR (an existing results directory), cells already done are left out and the \
                others are marked stale, failed or pending.

                Exit status: 0 ok; 2 the experiment is invalid or cannot be planned (problems on standard error).

                Examples:
                  iosweep plan Experiments/seed.yaml
                  iosweep plan Experiments/seed.yaml --format sh > seed.sh
                  iosweep plan Experiments/seed.yaml --only ndisks=2 --only numjobs=32 --format json
                """)

        @Argument(help: ArgumentHelp("Experiment file (YAML); '-' reads standard input.", valueName: "file"))
        var file: String

        @Option(help: "Output format: text, sh or json.")
        var format: PlanFormat = .text

        @Option(
            name: .customLong("only"),
            help: ArgumentHelp(
                "Keep only cells whose AXIS has VALUE (repeatable; several values of one axis are alternatives).",
                valueName: "axis=value"))
        var only: [String] = []

        @Option(help: ArgumentHelp("An existing results directory: leave out done cells, mark the rest.", valueName: "dir"))
        var results: String?

        @OptionGroup var planning: PlanningOptions

        func validate() throws {
            _ = try onlyPairs()
        }

        /// `--only` as (axis, value) pairs.
        func onlyPairs() throws -> [(axis: String, value: String)] {
            try only.map { item in
                guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                    throw ValidationError("--only expects AXIS=VALUE, got '\(item)'")
                }
                return (String(item[..<eq]), String(item[item.index(after: eq)...]))
            }
        }

        func run() async throws {
            let loaded = try ExperimentInput.loadOrExit(file, extraChecks: { _ in [] })
            let pairs = try onlyPairs()
            let plan: Plan
            do {
                plan = try Planner(baseDirectory: loaded.directory, maxCells: planning.maxCells).plan(loaded.experiment, only: pairs)
            } catch {
                ExperimentInput.printDiagnostics(loaded.locate(error.diagnostics), source: loaded.text, file: loaded.path)
                throw ExitStatus.invalidExperiment
            }
            if format == .sh, plan.rules != nil {
                let refusal = Diagnostic(
                    .error, "an adaptive study cannot be a bash script: its rules decide from published results which cells run",
                    hint: "use 'iosweep run' (it journals every decision), or remove the rule for the full grid as a script",
                    path: plan.rules?.field)
                ExperimentInput.printDiagnostics(loaded.locate([refusal]), source: loaded.text, file: loaded.path)
                throw ExitStatus.invalidExperiment
            }
            let (marks, skipReasons) = results.map { ResultMarks.states(plan: plan, resultsDirectory: $0) } ?? ([:], [:])
            var sink = RenderSink { StandardOutput.write($0) }
            switch format {
            case .text: TextRenderer(states: marks, skipReasons: skipReasons).render(plan, to: &sink)
            case .sh: ShellScriptRenderer(states: marks).render(plan, to: &sink)
            case .json: JSONRenderer(states: marks).render(plan, to: &sink)
            }
            sink.finish()
            ExitRetention.keep(plan)
        }
    }
}

/// The renderings of `iosweep plan`.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case sh
    case json
}
