import SweepPlanner

/// Where a planned cell stands in a results directory.
public enum CellState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Published with status `ok` and the plan's fingerprint: skipped.
    case done
    /// Published under a different fingerprint: moved aside and rerun.
    case stale
    /// Published with status `failed`: moved aside and rerun.
    case failed
    /// Not published (possibly interrupted: `.partial/<id>` exists): run.
    case pending
}

/// A planned cell and its state in a results directory.
public struct CellStatus: Hashable, Sendable {
    public var cell: Cell
    public var state: CellState
    /// The published `cell.json`, if any.
    public var record: CellRecord?
    /// Whether `.partial/<id>` exists (an interrupted attempt).
    public var interrupted: Bool

    public init(cell: Cell, state: CellState, record: CellRecord?, interrupted: Bool) {
        self.cell = cell
        self.state = state
        self.record = record
        self.interrupted = interrupted
    }
}

extension RunDirectory {
    /// The state of every cell of `plan` in this directory, in plan order. Shared by `run`, `status` and `plan`,
    /// so all three show the same done / pending split.
    public func states(of plan: Plan) -> [CellStatus] {
        plan.cells.map(state(of:))
    }

    public func state(of cell: Cell) -> CellStatus {
        let interrupted = FileSystem.exists(partial(cell))
        guard let record = CellRecord.load(path: cellRecord(cell)) else {
            return CellStatus(cell: cell, state: .pending, record: nil, interrupted: interrupted)
        }
        let state: CellState
        if record.fingerprint != cell.fingerprint {
            state = .stale
        } else {
            state = record.status == .ok ? .done : .failed
        }
        return CellStatus(cell: cell, state: state, record: record, interrupted: interrupted)
    }
}
