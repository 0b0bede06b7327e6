import SweepRecords
import SweepPlanner

/// A planned cell and its state in a results directory.
package struct CellStatus: Hashable, Sendable {
    package var cell: Cell
    package var state: CellMark
    /// The published `cell.json`, if any.
    package var record: CellRecord?
    /// Whether `.partial/<id>` exists (an interrupted attempt).
    package var interrupted: Bool
    /// Why an adaptive rule skipped the cell (``CellMark/skipped``).
    package var skipReason: String?

    package init(cell: Cell, state: CellMark, record: CellRecord?, interrupted: Bool, skipReason: String? = nil) {
        self.skipReason = skipReason
        self.cell = cell
        self.state = state
        self.record = record
        self.interrupted = interrupted
    }
}
