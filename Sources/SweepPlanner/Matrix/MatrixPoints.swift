import SweepModel

/// The matrix's points in run order: a plain product of loops, each point made where it is planned (a
/// million-cell study never holds a million points at once, and its threads make their own), or a list
/// (what `include`, `exclude`, `order: shuffle` and `--only` make).
struct MatrixPoints: Sendable {
    private enum Storage {
        case product(Product)
        case list([MatrixPoint])
    }

    private let storage: Storage

    /// The points of `list`, as given.
    init(_ list: [MatrixPoint]) {
        storage = .list(list)
    }

    /// The product of `loops` (outermost first, the last fastest), `repeatIndex` the loop that goes last in ids
    /// and values; `fragments` each loop value's `name=value`.
    init(product loops: [(name: String, values: [Value])], repeatIndex: Int?, fragments: [[String]]) {
        storage = .product(Product(loops: loops, repeatIndex: repeatIndex, fragments: fragments))
    }

    var count: Int {
        switch storage {
        case .product(let product): product.count
        case .list(let list): list.count
        }
    }

    /// Whether the points are a product's, made where they are read.
    var isProduct: Bool {
        if case .product = storage { return true }
        return false
    }

    /// Every point, in order.
    var all: [MatrixPoint] {
        switch storage {
        case .product(let product): Array(PointIterator(product: product, range: 0..<product.count))
        case .list(let list): list
        }
    }

    /// The point at `index` (`0..<count`).
    subscript(index: Int) -> MatrixPoint {
        switch storage {
        case .product(let product):
            var one = PointIterator(product: product, range: index..<index + 1)
            return one.next()!
        case .list(let list): return list[index]
        }
    }

    /// The points of `range`, in order.
    func points(_ range: Range<Int>) -> PointIterator {
        switch storage {
        case .product(let product): PointIterator(product: product, range: range)
        case .list(let list): PointIterator(list: list, range: range)
        }
    }

    /// The loops of a product and what its points are made of, in flat arrays (each iterator copies them:
    /// arrays read from two threads at once are retained and released by both, on one shared count).
    fileprivate struct Product: Sendable {
        private(set) var names: [String]
        /// Every loop's values, loop after loop: loop `l`'s from `firsts[l]`, `counts[l]` of them.
        private(set) var values: [Value]
        private(set) var firsts: [Int]
        private(set) var counts: [Int]
        /// The UTF-8 of each value's `name=value`, one after the other: value `v`'s (an index of `values`) ends at
        /// `fragmentEnds[v]`, where value `v + 1`'s starts.
        private(set) var fragments: [UInt8]
        private(set) var fragmentEnds: [Int]
        /// The loops in the order of ids and values: declared order, the repeat loop last.
        private(set) var order: [Int]
        /// For each loop, the first position in ``order`` of it or a loop declared after it: where a point's id and
        /// values change when that loop steps (the loops after it start over).
        private(set) var firstChanged: [Int]
        let count: Int

        init(loops: [(name: String, values: [Value])], repeatIndex: Int?, fragments: [[String]]) {
            names = loops.map(\.name)
            values = loops.flatMap(\.values)
            counts = loops.map(\.values.count)
            var firsts: [Int] = []
            var first = 0
            for loop in loops {
                firsts.append(first)
                first += loop.values.count
            }
            self.firsts = firsts
            var bytes: [UInt8] = []
            var ends: [Int] = []
            for fragment in fragments.joined() {
                bytes += fragment.utf8
                ends.append(bytes.count)
            }
            self.fragments = bytes
            fragmentEnds = ends
            let order = (0..<loops.count).filter { $0 != repeatIndex } + (repeatIndex.map { [$0] } ?? [])
            self.order = order
            firstChanged = loops.indices.map { l in order.firstIndex { $0 >= l } ?? order.count }
            count = loops.reduce(1) { $0 * $1.values.count }
        }

        /// A copy of this product whose arrays are its own, not shared with the original's readers.
        func own() -> Product {
            var copy = self
            copy.names = Self.own(names)
            copy.values = Self.own(values)
            copy.firsts = Self.own(firsts)
            copy.counts = Self.own(counts)
            copy.fragments = Self.own(fragments)
            copy.fragmentEnds = Self.own(fragmentEnds)
            copy.order = Self.own(order)
            copy.firstChanged = Self.own(firstChanged)
            return copy
        }

        /// `array`'s elements in a buffer of their own.
        private static func own<T>(_ array: [T]) -> [T] { array.withUnsafeBufferPointer { Array($0) } }
    }

    /// Makes the points of a range one by one: a product's by a mixed-radix counter over its loops.
    ///
    /// The current point's id and values are kept and rewritten in place from the first loop that stepped (mostly
    /// the last one): ``advance(values:)`` makes no string and no array, ``next(values:)`` one string and, when the
    /// point handed out before is no longer held, no array.
    struct PointIterator: IteratorProtocol, Sequence {
        /// The product's loops (none for a list), its own copy.
        private let product: Product
        private let isList: Bool
        private let list: [MatrixPoint]
        private var index: Int
        private let end: Int
        private var digits: [Int] = []
        /// The current point's id, and where each position of the product's order starts in it (its ',' first).
        private var id: [UInt8] = []
        private var starts: [Int] = []
        /// The current point's values (empty when not asked for).
        private var entries: [Settings.Entry] = []
        /// The first position of the product's order whose fragment and value are not yet those of the point at
        /// `index`; `entriesFrom` for the values, which are only kept up to date while they are asked for.
        private var idFrom = 0
        private var entriesFrom = 0

        fileprivate init(product: Product, range: Range<Int>) {
            self.product = product.own()
            isList = false
            list = []
            index = range.lowerBound
            end = range.upperBound
            // The counter at the range's first point, the last loop fastest.
            var rest = range.lowerBound
            digits = [Int](repeating: 0, count: product.counts.count)
            for l in product.counts.indices.reversed() {
                digits[l] = rest % product.counts[l]
                rest /= product.counts[l]
            }
            starts = [Int](repeating: 0, count: product.order.count)
        }

        fileprivate init(list: [MatrixPoint], range: Range<Int>) {
            product = Product(loops: [], repeatIndex: nil, fragments: [])
            isList = true
            self.list = list
            index = range.lowerBound
            end = range.upperBound
        }

        mutating func next() -> MatrixPoint? { next(values: true) }

        /// The next point; with `values` false, its id only (its values empty).
        mutating func next(values: Bool) -> MatrixPoint? {
            guard index < end else { return nil }
            if isList {
                defer { index += 1 }
                return list[index]
            }
            advance(values: values)
            return MatrixPoint(id: String(decoding: id, as: UTF8.self), values: Settings(distinctlyNamed: values ? entries : []))
        }

        /// Moves to the next point, whose id ``withID(_:)`` reads (and values ``values``, when `values`); `false`
        /// at the end.
        @discardableResult
        mutating func advance(values: Bool) -> Bool {
            guard index < end else { return false }
            if isList {
                id.removeAll(keepingCapacity: true)
                id.append(contentsOf: list[index].id.utf8)
                entries = values ? list[index].values.entries : []
                index += 1
                return true
            }
            let order = product.order
            if idFrom < starts.count { id.removeSubrange(starts[idFrom]...) }
            for p in idFrom..<order.count {
                starts[p] = id.count
                if p > 0 { id.append(UInt8(ascii: ",")) }
                let v = product.firsts[order[p]] + digits[order[p]]
                id.append(contentsOf: product.fragments[(v == 0 ? 0 : product.fragmentEnds[v - 1])..<product.fragmentEnds[v]])
            }
            idFrom = order.count
            if values {
                if entries.count != order.count {
                    entries = order.map { Settings.Entry(name: product.names[$0], value: product.values[product.firsts[$0] + digits[$0]]) }
                } else {
                    for p in entriesFrom..<order.count {
                        let l = order[p]
                        entries[p].value = product.values[product.firsts[l] + digits[l]]
                    }
                }
                entriesFrom = order.count
            } else if !entries.isEmpty {
                entries = []
            }
            var l = digits.count - 1
            while l >= 0 {
                digits[l] += 1
                if digits[l] < product.counts[l] { break }
                digits[l] = 0
                l -= 1
            }
            let changed = l >= 0 ? product.firstChanged[l] : 0
            idFrom = changed
            entriesFrom = Swift.min(entriesFrom, changed)
            index += 1
            return true
        }

        /// Calls `body` with the UTF-8 of the current point's id (see ``advance(values:)``). Mutating, as
        /// ``values`` is, so that a closure that captures the iterator reads it in place instead of copying it.
        mutating func withID<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            id.withUnsafeBufferPointer(body)
        }

        /// The current point's values (see ``advance(values:)``).
        var values: Settings {
            mutating get { Settings(distinctlyNamed: entries) }
        }
    }
}
