import ArgumentParser
import SweepModel

extension IOSweep {
    /// `iosweep validate FILE…`: load and check experiment files, printing every problem.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check experiment files and print every problem, compiler style.",
            discussion: """
                Each problem is printed to standard error as FILE:LINE:COLUMN: error: message, followed by \
                the offending line, a caret under the column and a hint. All problems of all files are \
                reported at once. Exit status: 0 when every file is valid, 2 when any file is invalid.

                Examples:
                  iosweep validate Experiments/seed.yaml
                  iosweep validate Experiments/*.yaml
                  cat study.yaml | iosweep validate -
                """)

        @Argument(help: ArgumentHelp("Experiment files (YAML); '-' reads standard input.", valueName: "file"))
        var files: [String]

        @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
        var quiet = false

        @OptionGroup var planning: PlanningOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one experiment file ('-' for standard input)") }
            if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be read once") }
        }

        func run() throws {
            var invalid = 0
            for path in files {
                switch ExperimentInput.load(path, extraChecks: ExperimentInput.planningDiagnostics(maxCells: planning.maxCells)) {
                case .success(let file):
                    if !quiet {
                        let e = file.experiment
                        let axes = e.matrix.axes.map { "\($0.name)×\($0.values.count)" }.joined(separator: ", ")
                        print("\(file.path): ok — experiment '\(e.name)'\(axes.isEmpty ? "" : ", axes \(axes)")")
                    }
                case .failure:
                    invalid += 1
                }
            }
            if invalid > 0 { throw ExitStatus.invalidExperiment }
        }
    }
}
