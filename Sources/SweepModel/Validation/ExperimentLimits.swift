/// The bounds every experiment is held to, so that no file — careless or hostile — can crash iosweep, hang it
/// or exhaust the machine's memory. Going beyond one is a located error naming the limit; only the cell
/// limit can be raised (`--max-cells N`, ``Planner/maxCells``).
public enum ExperimentLimits {
    /// Levels of nesting in one `${…}` expression: parentheses, `len(…)`, `[…]`, unary minus.
    public static let expressionDepth = 32
    /// Nodes of one `${…}` expression: names, numbers, strings, operators, calls, indexing and slices.
    public static let expressionNodes = 256
    /// Cells a study may have unless the command is given `--max-cells`.
    public static let cells = 1_000_000
    /// Scratch loop devices of a study (`disks.scratch.count`).
    public static let scratchDisks = 256
    /// YAML nodes of a document, counting every node an alias (`*name`) repeats.
    public static let yamlNodes = 1_000_000
    /// Nesting depth of a YAML document with its aliases expanded (libyaml holds the text as written to 1,000 too).
    public static let yamlDepth = 1_000
    /// Rungs of a search's ladder (its probe cells per combination of the other axes); a wider range or a finer
    /// tolerance spaces them wider, evenly in ratio.
    public static let searchRungs = 1_000
    /// Seconds a cell's workload may declare as its `runtime`: 365 days.
    public static let runtimeSeconds = 31_536_000

    /// The error for more scratch disks than ``scratchDisks``, at `disks.scratch.count`; `nil` within the limit.
    public static func scratchCountProblem(_ disks: Disks) -> Diagnostic? {
        guard case .scratch(let scratch) = disks, scratch.count > scratchDisks else { return nil }
        return Diagnostic(
            .error, "'disks.scratch.count' is \(scratch.count), more than the limit of \(scratchDisks) scratch disks",
            hint: "a pool needs a few devices; use fewer, larger scratch disks", path: FieldPath("disks") / "scratch" / "count")
    }
}
