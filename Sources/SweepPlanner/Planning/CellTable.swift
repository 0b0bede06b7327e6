import SweepModel

/// The cells of a plan as planning leaves them: per run of consecutive cells, the step lists its cells share,
/// which list each cell has, its result path and its fingerprint; the matrix points give each
/// cell's id and values; the groups are where each starts. ``CellGroup``s are made of them where they are read:
/// a block at a time by the renderers (a million-cell plan is rendered without ever holding a million cells),
/// all at once for whoever reads ``Plan/groups``.
struct CellTable: Sendable {
    /// What one planning run made of its cells.
    struct Run: Sendable {
        /// The indices of its cells, counted over all runs.
        var cells: Range<Int>
        /// The step lists its cells have, and the index of each cell's among them.
        var shared: [SharedSteps]
        var lists: [Int]
        /// Each cell's result path.
        var paths: [String]
        /// Each cell's fingerprint in its canonical encoding, ``Fingerprinter/encodedSize`` bytes after another:
        /// its length, then its hex digits.
        var fingerprints: [UInt8]
    }

    /// The groups of a plan without `recreate: per-cell` (where every cell is a group of its own, keyed by its
    /// id): the index of each group's first cell, its key and the step list of its first cell, whose setup and
    /// teardown are the group's.
    struct Groups: Sendable {
        var starts: [Int] = []
        var keys: [String] = []
        var firsts: [SharedSteps] = []

        /// Appends `other`'s groups, its first joined with the last one here when they have the same key.
        mutating func append(_ other: Groups) {
            var from = 0
            if let last = keys.last, let first = other.keys.first, last == first { from = 1 }
            starts += other.starts[from...]
            keys += other.keys[from...]
            firsts += other.firsts[from...]
        }
    }

    let points: MatrixPoints
    let runs: [Run]
    /// `nil` with `recreate: per-cell`.
    let groups: Groups?

    var cellCount: Int { points.count }
    var groupCount: Int { groups?.starts.count ?? cellCount }

    /// The number of cells of group `g`.
    func cellCount(ofGroup g: Int) -> Int {
        guard let groups else { return 1 }
        return (g + 1 < groups.starts.count ? groups.starts[g + 1] : cellCount) - groups.starts[g]
    }

    /// The cells of group `g`.
    private func cells(ofGroup g: Int) -> Range<Int> {
        guard let groups else { return g..<g + 1 }
        return groups.starts[g]..<groups.starts[g] + cellCount(ofGroup: g)
    }

    /// The groups of `range`, made.
    func groups(_ range: Range<Int>) -> [CellGroup] {
        var made: [CellGroup] = []
        made.reserveCapacity(range.count)
        forEachGroup(range) { made.append($0) }
        return made
    }

    /// Calls `body` with each group of `range`, made, in order: one group lives at a time (a million cells made
    /// and freed one after the other reuse the same memory, where a million made at once would not).
    func forEachGroup(_ range: Range<Int>, _ body: (CellGroup) -> Void) {
        withoutActuallyEscaping(body) { body in
            var maker = GroupMaker(body)
            visit(range, &maker)
        }
    }

    /// Hands `visitor` the rows of the groups of `range`, in order, made of the runs' arrays where they are.
    func visit<Visitor: RowVisitor>(_ range: Range<Int>, _ visitor: inout Visitor) {
        let values = visitor.readsValues
        guard let groups else {
            forEachRow(range, values: values) { row, shared in
                let group = GroupRow(key: row.id, setup: shared.setup, teardown: shared.teardown, cellCount: 1)
                visitor.begin(group)
                visitor.cell(row)
                visitor.end(group)
            }
            return
        }
        for g in range {
            let first = groups.firsts[g]
            var key = groups.keys[g]
            key.withUTF8 { key in
                let group = GroupRow(key: key, setup: first.setup, teardown: first.teardown, cellCount: cellCount(ofGroup: g))
                visitor.begin(group)
                forEachRow(cells(ofGroup: g), values: values) { row, _ in visitor.cell(row) }
                visitor.end(group)
            }
        }
    }

    /// Whether every group is one cell whose id is the group's key: always with `recreate: per-cell`.
    var isOneCellEach: Bool {
        guard let groups else { return true }
        guard groups.starts.count == cellCount else { return false }
        var points = points.points(0..<cellCount)
        for key in groups.keys where points.next()?.id != key { return false }
        return true
    }

    /// Whether some group's setup satisfies `predicate`: each step list's, or each group's first cell's.
    func containsSetup(where predicate: ([Step]) -> Bool) -> Bool {
        if let groups { return groups.firsts.contains { predicate($0.setup) } }
        return runs.contains { $0.shared.contains { predicate($0.setup) } }
    }

    /// Calls `body` with the row of each cell of `cells` (its values read when `values`) and its step list, in order.
    private func forEachRow(_ cells: Range<Int>, values: Bool, _ body: (CellRow, SharedSteps) -> Void) {
        var points = points.points(cells)
        for run in runs where run.cells.overlaps(cells) {
            let first = run.cells.lowerBound
            // Read in place: an array read element by element from two threads at once is retained and released
            // by both, on one shared count.
            run.lists.withUnsafeBufferPointer { lists in
                run.paths.withUnsafeBufferPointer { paths in
                    run.shared.withUnsafeBufferPointer { shared in
                        run.fingerprints.withUnsafeBufferPointer { fingerprints in
                            for i in max(cells.lowerBound, first) - first..<min(cells.upperBound, run.cells.upperBound) - first {
                                guard points.advance(values: values) else { return }
                                let steps = shared[lists[i]]
                                let hex = UnsafeBufferPointer(
                                    rebasing: fingerprints[i * Fingerprinter.encodedSize + 8..<(i + 1) * Fingerprinter.encodedSize])
                                let settings = values ? points.values : Settings(distinctlyNamed: [])
                                points.withID { id in
                                    let row = CellRow(
                                        id: id, values: settings, resultPath: paths[i],
                                        fingerprint: hex,
                                        estimatedSeconds: steps.seconds, steps: steps.steps)
                                    body(row, steps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with the step list of each cell of `cells`, in order.
    private func forEachList(_ cells: Range<Int>, _ body: (SharedSteps) -> Void) {
        for run in runs where run.cells.overlaps(cells) {
            let from = max(cells.lowerBound, run.cells.lowerBound) - run.cells.lowerBound
            let to = min(cells.upperBound, run.cells.upperBound) - run.cells.lowerBound
            for list in run.lists[from..<to] { body(run.shared[list]) }
        }
    }

    /// The steps of every group and cell, as ``Plan/stepCount`` counts them.
    var stepCount: Int {
        var count = 0
        if let groups {
            for first in groups.firsts { count += first.setup.count + first.teardown.count }
            forEachList(0..<cellCount) { count += $0.steps.count }
        } else {
            forEachList(0..<cellCount) { count += $0.setup.count + $0.steps.count + $0.teardown.count }
        }
        return count
    }

    /// The sum of the cells' expected seconds, added as ``Plan/estimatedSeconds`` adds them (group by group).
    var estimatedSeconds: Double {
        var sum = 0.0
        guard groups != nil else {
            forEachList(0..<cellCount) { sum += $0.seconds ?? 0 }
            return sum
        }
        for g in 0..<groupCount {
            var group = 0.0
            forEachList(cells(ofGroup: g)) { group += $0.seconds ?? 0 }
            sum += group
        }
        return sum
    }

    /// Every cell whose id an earlier cell has → the first cell with it (a product's ids are distinct).
    var idRepeats: [Int: Int] {
        guard !points.isProduct else { return [:] }
        var ids = StringIndex.Run()
        for point in points.points(0..<points.count) { ids.append(point.id) }
        return StringIndex([ids], parts: Concurrently.processors).allRepeats
    }
}
