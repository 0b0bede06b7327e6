/// Consecutive cells that share one pool lifetime.
public struct CellGroup: Hashable, Sendable, Codable {
    /// Stable key from the pool-affecting values (`ndisks=2`), or the cell id with `recreate: per-cell`.
    public var key: String
    /// Pool and dataset creation (and, per cell, the before-cell hooks), in order.
    public var setup: [Step]
    /// The matching teardown, in reverse order of setup.
    public var teardown: [Step]
    public var cells: [Cell]

    public init(key: String, setup: [Step], teardown: [Step], cells: [Cell]) {
        self.key = key
        self.setup = setup
        self.teardown = teardown
        self.cells = cells
    }
}

extension CellGroup {
    /// Hands `visitor` this group's rows: its own, then each cell's.
    func visit<Visitor: RowVisitor>(_ visitor: inout Visitor) {
        var key = key
        key.withUTF8 { key in visit(key: key, &visitor) }
    }

    private func visit<Visitor: RowVisitor>(key: UnsafeBufferPointer<UInt8>, _ visitor: inout Visitor) {
        let row = GroupRow(key: key, setup: setup, teardown: teardown, cellCount: cells.count)
        visitor.begin(row)
        for cell in cells {
            var id = cell.id
            var fingerprint = cell.fingerprint
            id.withUTF8 { id in
                fingerprint.withUTF8 { hex in
                    visitor.cell(
                        CellRow(
                            id: id, values: cell.values, resultPath: cell.resultPath, fingerprint: hex,
                            estimatedSeconds: cell.estimatedSeconds, steps: cell.steps))
                }
            }
        }
        visitor.end(row)
    }
}
