/// What reads the groups of a plan row by row (``PlanGroups/visit(in:_:)``): each group, then each of its cells,
/// then the group's end, in order.
protocol RowVisitor {
    /// Whether the cells' values are read (the text rendering shows none, and none are made for it).
    var readsValues: Bool { get }
    mutating func begin(_ group: GroupRow)
    mutating func cell(_ cell: CellRow)
    mutating func end(_ group: GroupRow)
}
