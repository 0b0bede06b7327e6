import SweepModel

/// Expands a ``Matrix`` into points in run order.
///
/// 1. The cartesian product of the axes in declared order, the first axis outermost (the seed's loops:
///    `ndisks` outside, `numjobs` inside). With `repeat: N` a `repeat` axis (1…N) joins the loops,
///    innermost unless `after:` names the axis it follows (`after: ""` puts it outermost).
/// 2. `exclude`: a point matching every key of an entry is dropped.
/// 3. `include`, in order: an entry whose axis keys match existing points adds its other keys to them;
///    an entry matching no point is a new point, appended (repeated when repeating).
/// 4. `order: shuffle`: a Fisher–Yates shuffle driven by ``SplitMix64`` seeded with `seed` (0 if absent).
///
/// The id of a product point names its axis values; a point added by `include` names every key of its entry.
/// `repeat` always comes last in ids and values, wherever its loop is.
struct MatrixExpansion {
    static let repeatName = "repeat"

    let matrix: Matrix
    /// The most cells the expansion may produce; a larger matrix is an error, found before anything is expanded.
    let maxCells: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(_ matrix: Matrix, maxCells: Int = ExperimentLimits.cells) {
        self.matrix = matrix
        self.maxCells = maxCells
    }

    /// The loops of the expansion, outermost first, with `repeat` among them.
    private typealias Loops = [(name: String, values: [Value])]

    /// Every point, in run order (``points()`` as an array).
    mutating func expand() -> [MatrixPoint] { points().all }

    /// The points in run order: a plain product (no `include`, `exclude` or shuffle) is made point by point
    /// where it is read, anything else as a list.
    mutating func points() -> MatrixPoints {
        checkAxes()
        let repeatPosition = repeatPosition()
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return MatrixPoints([]) }
        guard countFits(repeatPosition: repeatPosition) else { return MatrixPoints([]) }
        // The loop nest, outermost first.
        var loops: Loops = matrix.axes.map { ($0.name, $0.values) }
        var repeatValues: [Value] = []
        if let repeatPosition, let rep = matrix.repeat {
            repeatValues = (0..<rep.count).map { .int($0 + 1) }
            loops.insert((Self.repeatName, repeatValues), at: repeatPosition)
        }
        checkExclude(loops)
        // `name=value` of every loop value, made once: ids are joined from these.
        let fragments = loops.map { loop in loop.values.map { CellIdentifier.make([(loop.name, $0)]) } }
        let repeatIndex = loops.firstIndex { $0.name == Self.repeatName && matrix.repeat != nil }
        let product = MatrixPoints(product: loops, repeatIndex: repeatIndex, fragments: fragments)
        if matrix.include.isEmpty, matrix.exclude.isEmpty, matrix.order != .shuffle, !loops.isEmpty,
            Self.distinctIDs(loops, fragments: fragments)
        {
            return product
        }
        // 1 + 2: the product minus exclusions.
        let exclude = matrix.exclude
        var points = product.points(0..<product.count).filter { point in
            !exclude.contains { Self.matches($0, point.values.entries) }
        }
        include(into: &points, loops: loops, repeatValues: repeatValues)
        if matrix.order == .shuffle { points.shuffle(seed: matrix.seed ?? 0) }
        checkIDs(points, loops: loops, fragments: fragments)
        return MatrixPoints(points)
    }

    /// Axes declared twice, without values, or named `repeat` beside the repeat axis.
    private mutating func checkAxes() {
        let path = FieldPath("matrix")
        var seen = Set<String>()
        for axis in matrix.axes {
            if !seen.insert(axis.name).inserted {
                error("axis '\(axis.name)' is declared twice", path / axis.name)
            }
            if axis.values.isEmpty {
                error(
                    "axis '\(axis.name)' has no values, so the matrix has no cells", path / axis.name,
                    hint: "give it at least one value or remove it")
            }
            if axis.name == Self.repeatName, matrix.repeat != nil {
                error("'repeat' is the name of the repeat axis", path / axis.name, hint: "rename the axis")
            }
        }
    }

    /// Where the repeat loop goes among the axes' loops (`nil` without `repeat`), checking its count and `after`.
    private mutating func repeatPosition() -> Int? {
        guard let rep = matrix.repeat else { return nil }
        let path = FieldPath("matrix")
        let axisNames = matrix.axes.map(\.name)
        if rep.count < 1 {
            error("repeat must be at least 1, not \(rep.count)", path / "repeat")
        }
        var position = axisNames.count
        if let after = rep.after {
            if after.isEmpty {
                position = 0
            } else if let i = axisNames.firstIndex(of: after) {
                position = i + 1
            } else {
                error(
                    "repeat.after names no axis: '\(after)'", path / "repeat" / "after",
                    hint: Suggestion.closest(to: after, among: axisNames).map { "did you mean '\($0)'?" }
                        ?? "axes: \(axisNames.joined(separator: ", "))")
            }
        }
        return position
    }

    /// Exclude entries naming no loop.
    private mutating func checkExclude(_ loops: Loops) {
        let loopNames = Set(loops.map(\.name))
        for (i, entry) in matrix.exclude.enumerated() {
            for name in entry.names where !loopNames.contains(name) {
                error(
                    "exclude names no axis: '\(name)'", FieldPath("matrix") / "exclude" / i / name,
                    hint: Suggestion.closest(to: name, among: loopNames).map { "did you mean '\($0)'?" }
                        ?? "axes: \(loops.map(\.name).joined(separator: ", "))")
            }
        }
    }

    /// 3: each `include` entry, in order: its other keys added to the points its loop keys match, or new
    /// points (one per repeat when repeating) when it matches none.
    private mutating func include(into points: inout [MatrixPoint], loops: Loops, repeatValues: [Value]) {
        let loopNames = Set(loops.map(\.name))
        for (i, entry) in matrix.include.enumerated() {
            let axisKeys = entry.entries.filter { loopNames.contains($0.name) }
            let extras = entry.entries.filter { !loopNames.contains($0.name) }
            var matched = false
            for p in points.indices where axisKeys.allSatisfy({ k in points[p].values[k.name].map { $0.matches(k.value) } ?? false }) {
                matched = true
                for extra in extras { points[p].values[extra.name] = extra.value }
            }
            if matched { continue }
            if entry.isEmpty {
                error("include entry is empty", FieldPath("matrix") / "include" / i)
                continue
            }
            var defining = axisKeys.sorted { a, b in
                (loops.firstIndex { $0.name == a.name } ?? 0) < (loops.firstIndex { $0.name == b.name } ?? 0)
            }
            defining.removeAll { $0.name == Self.repeatName }
            defining += extras
            let explicitRepeat = entry[Self.repeatName]
            for r in explicitRepeat.map({ [$0] }) ?? (repeatValues.isEmpty ? [nil] : repeatValues.map { Optional($0) }) {
                var values = defining
                if let r { values.append(Settings.Entry(name: Self.repeatName, value: r)) }
                points.append(
                    MatrixPoint(
                        id: CellIdentifier.make(values.lazy.map { ($0.name, $0.value) }),
                        values: Settings(values)))
            }
        }
    }

    /// Two points with one id: the first such pair. Product ids are distinct when each loop's `name=value`
    /// fragments are and no loop name holds ',' (which no fragment's value part holds): an id then splits at ','
    /// into one fragment per loop. Only then, and without include, is the check skipped.
    private mutating func checkIDs(_ points: [MatrixPoint], loops: Loops, fragments: [[String]]) {
        if matrix.include.isEmpty, Self.distinctIDs(loops, fragments: fragments) { return }
        var ids = [String: Int]()
        ids.reserveCapacity(points.count)
        for (index, point) in points.enumerated() {
            if let first = ids.updateValue(index, forKey: point.id) {
                error(
                    "two cells have the id '\(point.id)' (cells \(first + 1) and \(index + 1))", FieldPath("matrix") / "include",
                    hint: "an include entry repeats a combination that already exists with other values")
                break
            }
        }
    }

    /// Whether the product's ids are distinct: its loops' fragments are, and no loop name holds ','.
    private static func distinctIDs(_ loops: Loops, fragments: [[String]]) -> Bool {
        loops.allSatisfy { !$0.name.contains(",") } && fragments.allSatisfy { Set($0).count == $0.count }
    }

    /// Whether the matrix has at most ``maxCells`` cells, counted without expanding it; otherwise an error that
    /// names the count, at the loop that alone is too long or at the matrix.
    private mutating func countFits(repeatPosition: Int?) -> Bool {
        var loops = matrix.axes.map { CellCount.Loop(name: $0.name, count: $0.values.count, values: $0.values) }
        if let repeatPosition, let rep = matrix.repeat {
            loops.insert(CellCount.Loop(name: Self.repeatName, count: rep.count, values: nil), at: repeatPosition)
        }
        let count = CellCount(loops: loops, exclude: matrix.exclude, include: matrix.include, repeatCount: matrix.repeat?.count)
        let tooMany = count.exceeds(maxCells)
        guard tooMany || count.enumerationExceeds(maxCells) else { return true }
        var at = FieldPath("matrix")
        if let long = loops.first(where: { $0.count > maxCells }) {
            at = long.values == nil ? at / Self.repeatName : at / long.name
            if long.values == nil, matrix.repeat?.after != nil { at = at / "count" }
        }
        let limit = maxCells.groupedDigits
        let hint = "plan fewer cells (fewer axis values, a smaller repeat), or raise the limit with --max-cells N"
        if tooMany {
            error("the matrix has \(count.description), more than the limit of \(limit)", at, hint: hint)
        } else {
            let combinations = count.combinations.map(\.groupedDigits) ?? "more than 10^38"
            error(
                "the matrix has \(count.description) but \(combinations) combinations before exclude, more than \(CellCount.enumerationFactor) × the limit of \(limit) cells",
                at, hint: hint)
        }
        return false
    }

    private static func matches(_ partial: Settings, _ entries: [Settings.Entry]) -> Bool {
        partial.entries.allSatisfy { want in entries.contains { $0.name == want.name && $0.value.matches(want.value) } }
    }

    private mutating func error(_ message: String, _ path: FieldPath, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, hint: hint, path: path))
    }
}
