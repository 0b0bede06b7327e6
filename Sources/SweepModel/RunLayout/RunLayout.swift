/// The names of a run directory's own files and folders: the one place they are spelled.
///
/// The runner writes them (through `RunDirectory`), the analysis, `status`, `clean` and the notebook read
/// them, the planner names the fio output and the scratch folder, and validation keeps result paths off
/// them. See the README, "Running", for what each holds.
package enum RunLayout {
    /// The frozen experiment, plan fingerprint, tool version and host facts.
    package static let manifest = "iosweep-run.json"
    /// The frozen plan, so `resume` needs no source file.
    package static let plan = "iosweep-plan.json"
    /// The plan's frozen files (`@{files}`).
    package static let files = "iosweep-files"
    /// Every event of the run, one JSON object per line.
    package static let journal = "journal.jsonl"
    /// Logs of run-level and group-level steps.
    package static let logs = "iosweep-logs"
    /// The lock a live run holds.
    package static let lock = ".lock"
    /// Cells in progress, `.partial/<cell id>/`, renamed into place when complete.
    package static let partial = ".partial"
    /// Old copies of cells set aside: `.stale/<time>/<result path>`, `.failed/<time>/<result path>`.
    package static let stale = ".stale"
    package static let failed = ".failed"
    /// The default folder of scratch disks' backing files.
    package static let scratch = ".scratch"
    /// A published cell's record.
    package static let cellRecord = "cell.json"
    /// fio's JSON output in a cell.
    package static let fioOutput = "fio.json"

    /// The entries no result path may start with (hidden names are refused as a class).
    package static let visibleEntries = [journal, manifest, plan, files, logs]
}
