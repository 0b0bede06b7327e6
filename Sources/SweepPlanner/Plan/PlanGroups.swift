import Synchronization

/// The groups of a ``Plan``: as given (decoded, written out, changed), or the ``CellTable`` planning left,
/// whose groups are made when ``all`` is first read, once, while the renderers make theirs a block at a time.
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

    /// The groups planning left, while none were made of them.
    private var unmade: CellTable? {
        guard let table else { return nil }
        return made.withLock { $0 == nil } ? table : nil
    }

    var count: Int { unmade?.groupCount ?? all.count }

    var cellCount: Int { unmade?.cellCount ?? all.reduce(0) { $0 + $1.cells.count } }

    /// The number of cells of group `g`.
    func cellCount(ofGroup g: Int) -> Int { unmade?.cellCount(ofGroup: g) ?? all[g].cells.count }

    /// Calls `body` with each group of `range`, in order: made one at a time when planning left them unmade.
    func forEachGroup(in range: Range<Int>, _ body: (CellGroup) -> Void) {
        if let table = unmade {
            table.forEachGroup(range, body)
            return
        }
        let all = all
        for g in range { body(all[g]) }
    }

    /// Whether some group's setup satisfies `predicate`.
    func containsSetup(where predicate: ([Step]) -> Bool) -> Bool {
        if let table = unmade { return table.containsSetup(where: predicate) }
        return all.contains { predicate($0.setup) }
    }

    /// Whether every group is one cell keyed by its id (`recreate: per-cell`).
    var isOneCellEach: Bool {
        if let table = unmade { return table.groups == nil }
        return all.allSatisfy { $0.cells.count == 1 && $0.key == $0.cells[0].id }
    }

    /// The steps of every group and cell.
    var stepCount: Int {
        unmade?.stepCount ?? all.reduce(0) { $0 + $1.setup.count + $1.teardown.count + $1.cells.reduce(0) { $0 + $1.steps.count } }
    }

    /// Sum of the cells' expected workload seconds, group by group.
    var estimatedSeconds: Double {
        unmade?.estimatedSeconds ?? all.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1.estimatedSeconds ?? 0) } }
    }

    /// The position (0-based) of each cell whose id an earlier cell has → the first cell's with it.
    var idRepeats: [Int: Int] {
        if let table = unmade { return table.idRepeats }
        // The ids of as many runs of groups as there are processors, made concurrently.
        let groups = all
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

extension PlanGroups: Hashable {
    static func == (a: PlanGroups, b: PlanGroups) -> Bool { a === b || a.all == b.all }

    func hash(into hasher: inout Hasher) { hasher.combine(all) }
}
