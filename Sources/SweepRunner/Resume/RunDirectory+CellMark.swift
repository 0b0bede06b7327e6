import SweepRecords
import SweepPlanner

extension RunDirectory {
    /// The state of every cell of `plan` in this directory, in plan order. Shared by `run`, `status` and `plan`,
    /// so all three show the same done / pending split.
    package func states(of plan: Plan) -> [CellStatus] {
        plan.cells.map(state(of:))
    }

    /// The state of `cell` in this directory: its published `cell.json` against the plan's fingerprint.
    package func state(of cell: Cell) -> CellStatus {
        let interrupted = FileSystem.exists(partial(cell))
        guard let record = CellRecord.load(path: cellRecord(cell)) else {
            return CellStatus(cell: cell, state: .pending, record: nil, interrupted: interrupted)
        }
        let state: CellMark
        if record.fingerprint != cell.fingerprint {
            state = .stale
        } else {
            state = record.status == .ok ? .done : .failed
        }
        return CellStatus(cell: cell, state: state, record: record, interrupted: interrupted)
    }
}
