import SweepRecords
import SweepPlanner

/// A planned cell and its state in a results directory.
public struct CellStatus: Hashable, Sendable {
    public var cell: Cell
    public var state: CellMark
    /// The published `cell.json`, if any.
    public var record: CellRecord?
    /// Whether `.partial/<id>` exists (an interrupted attempt).
    public var interrupted: Bool

    public init(cell: Cell, state: CellMark, record: CellRecord?, interrupted: Bool) {
        self.cell = cell
        self.state = state
        self.record = record
        self.interrupted = interrupted
    }
}
