import ArgumentParser
import SweepModel

extension IOSweep {
    /// `iosweep export FILE --yaml` and `iosweep export --json-schema`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an experiment as canonical YAML, or the JSON Schema of the experiment language.",
            discussion: """
                --yaml prints the experiment with keys in reference order and defaults left out; loading \
                the output gives the same experiment. --json-schema prints a JSON Schema (draft 2020-12) that \
                editors use to complete and check experiment files.

                Examples:
                  iosweep export Experiments/seed.yaml --yaml
                  iosweep export Experiments/seed.yaml          (--yaml is the default with a file)
                  iosweep export --json-schema > iosweep.schema.json
                Then make this the first line of an experiment file:
                  # yaml-language-server: $schema=./iosweep.schema.json
                """)

        @Argument(help: ArgumentHelp("The experiment file ('-' reads standard input).", valueName: "file"))
        var file: String?

        @Flag(help: "Print the experiment as canonical YAML (the default when a file is given).")
        var yaml = false

        @Flag(name: .customLong("json-schema"), help: "Print the JSON Schema of experiment files.")
        var jsonSchema = false

        @OptionGroup var planning: PlanningOptions

        func validate() throws {
            switch (yaml, jsonSchema) {
            case (false, false) where file == nil: throw ValidationError("choose FILE [--yaml] or --json-schema")
            case (true, true): throw ValidationError("--yaml and --json-schema cannot be used together")
            case (true, false) where file == nil: throw ValidationError("--yaml needs an experiment file")
            case (false, true) where file != nil: throw ValidationError("--json-schema takes no file")
            default: break
            }
        }

        func run() throws {
            if jsonSchema {
                print(LanguageSchema.jsonSchema(), terminator: "")
                return
            }
            guard let file else { return }
            let loaded = try ExperimentInput.loadOrExit(file, extraChecks: ExperimentInput.planningDiagnostics(maxCells: planning.maxCells))
            print(loaded.experiment.yaml(), terminator: "")
        }
    }
}
