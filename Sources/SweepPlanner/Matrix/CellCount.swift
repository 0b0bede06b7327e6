import SweepModel

/// How many cells a matrix expands to, computed from the lengths of its loops without expanding it: a
/// study of 10³⁰ cells is a number to refuse, not an allocation to attempt.
///
/// The product of the loop lengths (the axes and the repeat count), less the cells `exclude` drops
/// (inclusion–exclusion over the entries: exact for up to ``exactExcludes`` entries, later entries are not
/// subtracted), plus what `include` may append (an entry none of whose axis values can match appends one
/// cell, or one per repeat). Products are taken in 128 bits with overflow checks; beyond that the count is
/// `nil`, more than any limit.
///
/// The expansion walks every combination of the loops, excluded or not, so their number (``combinations``)
/// is bounded too: by ``enumerationFactor`` times the cell limit.
struct CellCount: Hashable, Sendable {
    /// The count, or `nil` when it exceeds `Int128.max`.
    var value: Int128?
    /// Whether `value` is the exact number of cells (otherwise it is an upper bound).
    var isExact: Bool
    /// The product of the loop lengths: the combinations the expansion visits; `nil` beyond `Int128.max`.
    var combinations: Int128?

    /// How many combinations per allowed cell the expansion may visit (those beyond are dropped by `exclude`).
    static let enumerationFactor = 10

    /// Exclude entries counted exactly: inclusion–exclusion visits 2ⁿ subsets.
    static let exactExcludes = 12

    /// One loop of the expansion: its name and how many values it has; `values` is `nil` for the repeat loop
    /// (the integers 1…count).
    struct Loop {
        var name: String
        var count: Int
        var values: [Value]?
    }

    init(loops: [Loop], exclude: [Settings], include: [Settings], repeatCount: Int?) {
        var exact = true
        guard let product = Self.product(loops.map { Int128($0.count) }) else {
            self.init(value: nil, isExact: false, combinations: nil)
            return
        }
        var total = product
        // An entry naming something that is not a loop matches no cell (and is reported by the expansion).
        let loopNames = Set(loops.map(\.name))
        let named = exclude.filter { $0.names.allSatisfy(loopNames.contains) }
        if named.count > Self.exactExcludes { exact = false }
        let counted = Array(named.prefix(Self.exactExcludes))
        // For each entry and loop it names: the indices of the loop's values it matches (nil: not named).
        let matching: [[Set<Int>?]] = counted.map { entry in
            loops.map { loop in entry[loop.name].map { Self.matchingIndices(of: $0, in: loop) } }
        }
        if !counted.isEmpty, let excluded = Self.excluded(loops: loops, matching: matching) {
            total -= excluded
        } else if !counted.isEmpty {
            exact = false
        }
        for entry in include {
            let axisKeys = entry.entries.filter { loopNames.contains($0.name) }
            // An entry whose every axis key matches some value matches existing cells (unless all of those are
            // excluded): it adds keys, not cells.
            let canMatch =
                total > 0
                && axisKeys.allSatisfy { key in
                    loops.first { $0.name == key.name }.map { !Self.matchingIndices(of: key.value, in: $0).isEmpty } ?? false
                }
            if canMatch {
                if !exclude.isEmpty { exact = false } else { continue }
            }
            let added = entry[MatrixExpansion.repeatName] == nil ? Int128(max(repeatCount ?? 1, 1)) : 1
            let (sum, overflow) = total.addingReportingOverflow(added)
            guard !overflow else {
                self.init(value: nil, isExact: false, combinations: product)
                return
            }
            total = sum
        }
        self.init(value: total, isExact: exact, combinations: product)
    }

    private init(value: Int128?, isExact: Bool, combinations: Int128?) {
        self.value = value
        self.isExact = isExact
        self.combinations = combinations
    }

    /// Whether the count is above `limit` (an overflowed count always is).
    func exceeds(_ limit: Int) -> Bool { value.map { $0 > Int128(limit) } ?? true }

    /// Whether the expansion would visit more than ``enumerationFactor`` × `limit` combinations.
    func enumerationExceeds(_ limit: Int) -> Bool {
        combinations.map { $0 > Int128(limit) * Int128(Self.enumerationFactor) } ?? true
    }

    /// `1,000,000,000 cells`, `up to 1,000,012 cells`, `more than 10^38 cells`.
    var description: String {
        guard let value else { return "more than 10^38 cells" }
        return (isExact ? "" : "up to ") + value.groupedDigits + (value == 1 ? " cell" : " cells")
    }

    private static func product(_ factors: some Sequence<Int128>) -> Int128? {
        var product: Int128 = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }

    /// Indices of the values of `loop` that `wanted` matches (as ``MatrixExpansion`` matches exclude entries).
    private static func matchingIndices(of wanted: Value, in loop: Loop) -> Set<Int> {
        guard let values = loop.values else {
            // The repeat loop: the integers 1…count.
            guard let k = Int(wanted.text), k >= 1, k <= loop.count, Value.int(k).matches(wanted) else { return [] }
            return [k - 1]
        }
        return Set(values.indices.filter { values[$0].matches(wanted) })
    }

    /// Cells matching at least one entry: Σ over non-empty subsets S of (−1)^(|S|+1) × Π over loops of the
    /// values matching every entry of S that names the loop. `nil` on overflow.
    private static func excluded(loops: [Loop], matching: [[Set<Int>?]]) -> Int128? {
        var sum: Int128 = 0
        for subset in 1..<(1 << matching.count) {
            var term: Int128 = 1
            var members = 0
            for (l, loop) in loops.enumerated() {
                var allowed: Set<Int>?
                for e in matching.indices where subset & (1 << e) != 0 {
                    guard let indices = matching[e][l] else { continue }
                    allowed = allowed.map { $0.intersection(indices) } ?? indices
                }
                let (next, overflow) = term.multipliedReportingOverflow(by: Int128(allowed?.count ?? loop.count))
                guard !overflow else { return nil }
                term = next
                if term == 0 { break }
            }
            for e in matching.indices where subset & (1 << e) != 0 { members += 1 }
            let (next, overflow) = members % 2 == 1 ? sum.addingReportingOverflow(term) : sum.subtractingReportingOverflow(term)
            guard !overflow else { return nil }
            sum = next
        }
        return sum
    }
}
