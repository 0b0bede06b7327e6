import ArgumentParser

/// The `iosweep` command: declarative storage-performance experiments.
public struct IOSweep: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iosweep",
        abstract: "Declarative storage-performance experiments: validate, plan, run, report.",
        discussion: """
            A study is declared once in YAML (iosweep init writes one), checked (validate), printed \
            as the exact commands it will run (plan), run with resumable checkpointing (run, resume, \
            status, clean) and analysed (report, compare, notebook).

            Exit status: 0 success; 1 the run or report finished with failed cells or missing values; \
            2 the experiment is invalid; 3 refused for safety or environment; 4 the results directory \
            is locked by another run; 64 wrong usage; 130/143 interrupted by SIGINT/SIGTERM.

            Examples:
              iosweep init my-study && iosweep validate my-study.yaml
              iosweep plan Experiments/seed.yaml
              iosweep run Experiments/quickstart.yaml
              iosweep report results/quickstart --metric write.iops --rows numjobs \\
                --columns ndisks
            """,
        version: IOSweepVersion.current,
        subcommands: [
            Init.self,
            Validate.self,
            Export.self,
            PlanCommand.self,
            Clean.self,
            Report.self,
            Compare.self,
            Notebook.self,
            Run.self,
            Resume.self,
            Status.self,
            SampleDiskstats.self,
        ]
    )

    public init() {}
}
