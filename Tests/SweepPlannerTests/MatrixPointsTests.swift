import SweepModel
import Testing
@testable import SweepPlanner

/// A matrix's points, made one by one where they are read, are the cartesian product written out loop by loop.
@Suite("Matrix points made where they are read")
struct MatrixPointsTests {
    /// The product of `matrix` written out independently: the loops outermost first (the repeat loop where `after`
    /// puts it), the last fastest; values in axis order with `repeat` last; the id from the values.
    static func reference(_ matrix: Matrix) -> [MatrixPoint] {
        var loops = matrix.axes.map { (name: $0.name, values: $0.values) }
        if let rep = matrix.repeat {
            let position =
                rep.after.map { after in after.isEmpty ? 0 : (loops.firstIndex { $0.name == after }.map { $0 + 1 } ?? loops.count) }
                ?? loops.count
            loops.insert((MatrixExpansion.repeatName, (1...rep.count).map { .int($0) }), at: position)
        }
        var combinations: [[Settings.Entry]] = [[]]
        for loop in loops {
            combinations = combinations.flatMap { prefix in loop.values.map { prefix + [Settings.Entry(name: loop.name, value: $0)] } }
        }
        return combinations.map { entries in
            let ordered =
                entries.filter { $0.name != MatrixExpansion.repeatName } + entries.filter { $0.name == MatrixExpansion.repeatName }
            return MatrixPoint(id: CellIdentifier.make(ordered.map { ($0.name, $0.value) }), values: Settings(ordered))
        }
    }

    /// For random matrices with a repeat anywhere: the product's points — all of them, each by index, a random
    /// range, and one by one in every way of reading them — are the reference's; with an exclude entry, the list is the reference without the excluded points.
    @Test func productPointsAreTheCartesianProduct() throws {
        var generator = SplitMix64(seed: 2027)
        for _ in 0..<200 {
            let axisCount = Int(generator.next(below: 3)) + 1
            var matrix = Matrix(
                axes: (0..<axisCount).map { a in
                    Axis("a\(a)", (0..<Int(generator.next(below: 4)) + 1).map { Value.string("v\($0)") })
                })
            if generator.next(below: 2) == 0 {
                let after = Int(generator.next(below: UInt64(axisCount + 2)))
                matrix.repeat = Repeat(
                    count: Int(generator.next(below: 3)) + 1, after: after == axisCount + 1 ? nil : after == 0 ? "" : "a\(after - 1)")
            }
            let expected = Self.reference(matrix)
            var product = MatrixExpansion(matrix)
            let points = product.points()
            #expect(points.isProduct, "\(matrix)")
            #expect(points.all == expected, "\(matrix)")
            #expect((0..<points.count).map { points[$0] } == expected, "\(matrix)")
            let start = Int(generator.next(below: UInt64(points.count)))
            let end = start + Int(generator.next(below: UInt64(points.count - start + 1)))
            #expect(Array(points.points(start..<end)) == Array(expected[start..<end]), "\(matrix) \(start)..<\(end)")

            // One by one, each point dropped before the next (its id and values rewritten in place), read in turn
            // as a point with or without values or through advance and withID.
            var iterator = points.points(0..<points.count)
            for (index, reference) in expected.enumerated() {
                switch generator.next(below: 4) {
                case 0:
                    let point = iterator.next(values: true)
                    #expect(point == reference, "\(matrix) #\(index)")
                case 1:
                    let point = iterator.next(values: false)
                    #expect(point == MatrixPoint(id: reference.id, values: Settings()), "\(matrix) #\(index)")
                case 2:
                    let moved = iterator.advance(values: true)
                    #expect(moved)
                    #expect(iterator.withID { String(decoding: $0, as: UTF8.self) } == reference.id, "\(matrix) #\(index)")
                    #expect(iterator.values == reference.values, "\(matrix) #\(index)")
                default:
                    let moved = iterator.advance(values: false)
                    #expect(moved)
                    #expect(iterator.withID { String(decoding: $0, as: UTF8.self) } == reference.id, "\(matrix) #\(index)")
                }
            }
            let after = (iterator.next(), iterator.advance(values: true))
            #expect(after.0 == nil && !after.1)

            var excluding = matrix
            excluding.exclude = [["a0": .string("v0")]]
            var list = MatrixExpansion(excluding)
            let kept = list.points()
            #expect(!kept.isProduct)
            #expect(kept.all == expected.filter { $0.values["a0"] != .string("v0") }, "\(excluding)")
        }
    }

    @Test("ids that would repeat (values equal once made file-safe) are a list, checked for the repeat")
    func collidingIDsAreAList() {
        var expansion = MatrixExpansion(Matrix(axes: [Axis("a", [Value.string("x y"), .string("x_y")])]))
        let points = expansion.points()
        #expect(!points.isProduct)
        #expect(points.count == 2)
        #expect(expansion.diagnostics.map(\.message) == ["two cells have the id 'a=x_y' (cells 1 and 2)"])
    }
}
