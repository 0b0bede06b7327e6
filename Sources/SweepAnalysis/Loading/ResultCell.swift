import SweepModel
import SweepRecords

/// One cell of a results tree: a directory with the raw outputs of one matrix point.
public struct ResultCell: Sendable, Hashable {
    /// The cell id (`cell.json` `id`, or the relative path for foreign trees).
    public var id: String
    /// Directory relative to the results root.
    public var path: String
    /// Absolute (or root-relative as given) directory path.
    public var directory: String
    /// Axis values, in axis order.
    public var values: Settings
    /// Whether the run says the cell succeeded (its record's status); `nil` in foreign trees or when unreadable.
    public var status: CellRecord.Status?
    public var fingerprint: String?
    /// File names in the directory, sorted.
    public var files: [String]
    /// Kernel device name → the experiment's name for it (`loop3` → `scratch0`), from `cell.json` `devices`:
    /// per-device rows are named by the experiment, not by the loop device a run happened to get.
    public var deviceNames: [String: String]

    public init(
        id: String, path: String, directory: String, values: Settings, status: CellRecord.Status?, fingerprint: String?, files: [String],
        deviceNames: [String: String] = [:]
    ) {
        self.id = id
        self.path = path
        self.directory = directory
        self.values = values
        self.status = status
        self.fingerprint = fingerprint
        self.files = files
        self.deviceNames = deviceNames
    }

    /// The path of `file` inside the cell.
    public func path(of file: String) -> String {
        directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
}

/// The cells found under a results root.
public struct ResultTree: Sendable {
    public var root: String
    /// Axis names in order (run directory: order of first appearance in `cell.json` values; layout: template order).
    public var axes: [String]
    public var cells: [ResultCell]
    public var warnings: [AnalysisWarning]

    public init(root: String, axes: [String], cells: [ResultCell], warnings: [AnalysisWarning]) {
        self.root = root
        self.axes = axes
        self.cells = cells
        self.warnings = warnings
    }
}
