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

    /// The loops of a product and what its points are made of.
    fileprivate struct Product: Sendable {
        let names: [String]
        let values: [[Value]]
        let fragments: [[String]]
        /// The loops in the order of ids and values: declared order, the repeat loop last.
        let order: [Int]
        let count: Int

        init(loops: [(name: String, values: [Value])], repeatIndex: Int?, fragments: [[String]]) {
            names = loops.map(\.name)
            values = loops.map(\.values)
            self.fragments = fragments
            order = (0..<loops.count).filter { $0 != repeatIndex } + (repeatIndex.map { [$0] } ?? [])
            count = loops.reduce(1) { $0 * $1.values.count }
        }
    }

    /// Makes the points of a range one by one: a product's by a mixed-radix counter over its loops.
    struct PointIterator: IteratorProtocol, Sequence {
        /// The product's loops (none for a list), read in place: binding it to a local would copy its arrays.
        private let product: Product
        private let isList: Bool
        private let list: [MatrixPoint]
        private var index: Int
        private let end: Int
        private var digits: [Int] = []

        fileprivate init(product: Product, range: Range<Int>) {
            self.product = product
            isList = false
            list = []
            index = range.lowerBound
            end = range.upperBound
            // The counter at the range's first point, the last loop fastest.
            var rest = range.lowerBound
            digits = [Int](repeating: 0, count: product.values.count)
            for l in product.values.indices.reversed() {
                digits[l] = rest % product.values[l].count
                rest /= product.values[l].count
            }
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
            defer { index += 1 }
            if isList { return list[index] }
            // A new array per point: each point keeps its own (the loop names are distinct, checked by the expansion).
            var entries: [Settings.Entry] = []
            if values { entries.reserveCapacity(product.order.count) }
            var length = Swift.max(product.order.count - 1, 0)
            for l in product.order {
                if values { entries.append(Settings.Entry(name: product.names[l], value: product.values[l][digits[l]])) }
                length += product.fragments[l][digits[l]].utf8.count
            }
            // The fragments joined with ',' into a string of the exact size, made once.
            let id = String(unsafeUninitializedCapacity: length) { buffer in
                var end = 0
                for l in product.order {
                    if end > 0 {
                        buffer[end] = UInt8(ascii: ",")
                        end += 1
                    }
                    var fragment = product.fragments[l][digits[l]]
                    end = fragment.withUTF8 { UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(fromContentsOf: $0) + end }
                }
                return end
            }
            var l = digits.count - 1
            while l >= 0 {
                digits[l] += 1
                if digits[l] < product.values[l].count { break }
                digits[l] = 0
                l -= 1
            }
            return MatrixPoint(id: id, values: Settings(distinctlyNamed: entries))
        }
    }
}
