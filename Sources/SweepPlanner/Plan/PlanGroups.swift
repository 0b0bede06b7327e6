import Synchronization

/// The groups of a ``Plan``: as given (decoded, written out, changed), or the ``CellTable`` planning left,
/// whose groups are made when ``all`` is first read, once, while the renderers make theirs one at a time.
/// Immutable: a plan whose groups change gets another.
final class PlanGroups: Sendable {
    private let table: CellTable?
    private let made: Mutex<[CellGroup]?>

    init(_ groups: [CellGroup]) {
        table = nil
        made = Mutex(groups)
    }

    init(_ table: CellTable) {
        self.table = table
        made = Mutex(nil)
    }

    /// Every group, in order.
    var all: [CellGroup] {
        made.withLock { made in
            if let made { return made }
            guard let table else { return [] }
            // Made in blocks on every processor, joined in order.
            let count = min(Concurrently.processors, max(table.groupCount, 1))
            var blocks = Concurrently.map(count) { block in
                table.groups(table.groupCount * block / count..<table.groupCount * (block + 1) / count)
            }
            var groups = blocks[0]
            blocks[0] = []
            groups.reserveCapacity(table.groupCount)
            for block in blocks.dropFirst() { groups += block }
            made = groups
            return groups
        }
    }

    /// What the questions below read: the table while no groups were made of it (it answers without making
    /// any), else the groups.
    private enum Source {
        case table(CellTable)
        case groups([CellGroup])
    }

    private var source: Source {
        if let table, made.withLock({ $0 == nil }) { return .table(table) }
        return .groups(all)
    }

    var count: Int {
        switch source {
        case .table(let table): table.groupCount
        case .groups(let groups): groups.count
        }
    }

    var cellCount: Int {
        switch source {
        case .table(let table): table.cellCount
        case .groups(let groups): groups.reduce(0) { $0 + $1.cells.count }
        }
    }

    /// Calls `body` with the number of cells of each group, in order.
    func forEachGroupSize(_ body: (Int) -> Void) {
        switch source {
        case .table(let table): for g in 0..<table.groupCount { body(table.cellCount(ofGroup: g)) }
        case .groups(let groups): for group in groups { body(group.cells.count) }
        }
    }

    /// Hands `visitor` the rows of the groups of `range`, in order: read where planning left them, or from the groups.
    func visit<Visitor: RowVisitor>(in range: Range<Int>, _ visitor: inout Visitor) {
        switch source {
        case .table(let table): table.visit(range, &visitor)
        case .groups(let groups): for g in range { groups[g].visit(&visitor) }
        }
    }

    /// Whether some group's setup satisfies `predicate`.
    func containsSetup(where predicate: ([Step]) -> Bool) -> Bool {
        switch source {
        case .table(let table): table.containsSetup(where: predicate)
        case .groups(let groups): groups.contains { predicate($0.setup) }
        }
    }

    /// Whether every group is one cell keyed by its id (as with `recreate: per-cell`): the text rendering then shows
    /// cells, not pool groups.
    var isOneCellEach: Bool {
        switch source {
        case .table(let table): table.isOneCellEach
        case .groups(let groups): groups.allSatisfy { $0.cells.count == 1 && $0.key == $0.cells[0].id }
        }
    }

    /// The steps of every group and cell.
    var stepCount: Int {
        switch source {
        case .table(let table): table.stepCount
        case .groups(let groups):
            groups.reduce(0) { $0 + $1.setup.count + $1.teardown.count + $1.cells.reduce(0) { $0 + $1.steps.count } }
        }
    }

    /// Sum of the cells' expected workload seconds, group by group.
    var estimatedSeconds: Double {
        switch source {
        case .table(let table): table.estimatedSeconds
        case .groups(let groups): groups.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1.estimatedSeconds ?? 0) } }
        }
    }

    /// The position (0-based) of each cell whose id an earlier cell has → the first cell's with it.
    var idRepeats: [Int: Int] {
        switch source {
        case .table(let table):
            return table.idRepeats
        case .groups(let groups):
            // The ids of as many runs of groups as there are processors, made concurrently.
            let count = min(Concurrently.processors, max(groups.count, 1))
            let ids = Concurrently.map(count) { run in
                var ids = StringIndex.Run()
                for g in groups.count * run / count..<groups.count * (run + 1) / count {
                    for c in groups[g].cells.indices { ids.append(groups[g].cells[c].id) }
                }
                return ids
            }
            return StringIndex(ids, parts: count).allRepeats
        }
    }
}

extension PlanGroups: Hashable {
    static func == (a: PlanGroups, b: PlanGroups) -> Bool { a === b || a.all == b.all }

    func hash(into hasher: inout Hasher) { hasher.combine(all) }
}
