import SweepRecords
import SweepPlanner

extension RunDirectory {
    /// The state of every cell of `plan` in this directory, in plan order. Shared by `run`, `status` and `plan`,
    /// so all three show the same done / pending split.
    package func states(of plan: Plan) -> [CellStatus] {
        let skipped = skippedCells()
        return plan.cells.map { state(of: $0, skipped: skipped) }
    }

    /// The state of `cell` in this directory: its published `cell.json` against the plan's fingerprint; without one,
    /// skipped when `skipped` (``skippedCells()``) names it.
    package func state(of cell: Cell, skipped: [String: String] = [:]) -> CellStatus {
        let interrupted = FileSystem.exists(partial(cell))
        guard let record = CellRecord.load(path: cellRecord(cell)) else {
            if let reason = skipped[cell.id] {
                return CellStatus(cell: cell, state: .skipped, record: nil, interrupted: interrupted, skipReason: reason)
            }
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

    /// The cells the journal's latest decisions skip (`cell-skipped`, not started since), with the reason.
    package func skippedCells() -> [String: String] {
        var skipped: [String: String] = [:]
        for event in Journal.read(path: journal) {
            guard let cell = event.cell else { continue }
            switch event.event {
            case .cellSkipped: skipped[cell] = event.reason ?? "skipped by \(event.kind ?? "a rule")"
            case .cellStarted: skipped[cell] = nil
            default: continue
            }
        }
        return skipped
    }
}
