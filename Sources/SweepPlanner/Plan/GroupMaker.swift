import SweepModel

/// Makes the groups it is handed, for what reads whole groups (``CellTable/forEachGroup(_:_:)``).
struct GroupMaker: RowVisitor {
    let readsValues = true
    private var cells: [Cell] = []
    private let made: (CellGroup) -> Void

    init(_ made: @escaping (CellGroup) -> Void) { self.made = made }

    mutating func begin(_ group: GroupRow) {
        cells = []
        cells.reserveCapacity(group.cellCount)
    }

    mutating func cell(_ cell: CellRow) {
        cells.append(
            Cell(
                id: cell.idText, values: cell.values, resultPath: cell.resultPath,
                fingerprint: String(decoding: cell.fingerprint, as: UTF8.self),
                estimatedSeconds: cell.estimatedSeconds, steps: cell.steps))
    }

    mutating func end(_ group: GroupRow) {
        made(CellGroup(key: group.keyText, setup: group.setup, teardown: group.teardown, cells: cells))
        cells = []
    }
}
