/// The names of a run directory's own files and folders: the one place they are spelled.
///
/// The runner writes them (through `RunDirectory`), the analysis, `status`, `clean` and the notebook read
/// them, the planner names the fio output and the scratch folder, and validation keeps result paths off
/// them. See the README, "Running", for what each holds.
public enum RunLayout {
    /// The frozen experiment, plan fingerprint, tool version and host facts.
    public static let manifest = "iosweep-run.json"
    /// The frozen plan, so `resume` needs no source file.
    public static let plan = "iosweep-plan.json"
    /// The plan's frozen files (`@{files}`).
    public static let files = "iosweep-files"
    /// Every event of the run, one JSON object per line.
    public static let journal = "journal.jsonl"
    /// Logs of run-level and group-level steps.
    public static let logs = "iosweep-logs"
    /// The lock a live run holds.
    public static let lock = ".lock"
    /// Cells in progress, `.partial/<cell id>/`, renamed into place when complete.
    public static let partial = ".partial"
    /// Old copies of cells set aside: `.stale/<time>/<result path>`, `.failed/<time>/<result path>`.
    public static let stale = ".stale"
    public static let failed = ".failed"
    /// The default folder of scratch disks' backing files.
    public static let scratch = ".scratch"
    /// A published cell's record.
    public static let cellRecord = "cell.json"
    /// fio's JSON output in a cell.
    public static let fioOutput = "fio.json"

    /// The schema version of each file iosweep writes (CHANGELOG.md lists their history); a reader accepts
    /// every version up to its own (all are 1 so far).
    public enum SchemaVersion {
        /// `iosweep-plan.json` and `plan --format json`.
        public static let plan = 1
        /// `iosweep-run.json`.
        public static let manifest = 1
        /// `cell.json`.
        public static let cellRecord = 1
        /// The first line of a diskstats file says it: `# iosweep diskstats v1`.
        public static let diskstats = 1
    }

    /// The entries no result path may start with (hidden names are refused as a class).
    public static let visibleEntries = [journal, manifest, plan, files, logs]
}
