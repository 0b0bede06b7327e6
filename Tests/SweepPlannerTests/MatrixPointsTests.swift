import SweepModel
import Testing
@testable import SweepPlanner

/// A plain product's points, made one by one where they are read, are those of the expansion as a list.
@Suite("Matrix points made where they are read")
struct MatrixPointsTests {
    /// For random matrices with a repeat anywhere: the product's points — all of them, each by index, and every
    /// range — equal those the list expansion makes (the same matrix with an exclude entry that matches nothing).
    @Test func productPointsAreTheListExpansion() throws {
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
            var product = MatrixExpansion(matrix)
            let points = product.points()
            #expect(points.isProduct, "\(matrix)")
            var listed = matrix
            listed.exclude = [["a0": .string("none")]]
            var list = MatrixExpansion(listed)
            let expected = list.points()
            #expect(!expected.isProduct)
            #expect(points.all == expected.all, "\(matrix)")
            #expect((0..<points.count).map { points[$0] } == expected.all, "\(matrix)")
            let start = Int(generator.next(below: UInt64(points.count)))
            let end = start + Int(generator.next(below: UInt64(points.count - start + 1)))
            #expect(Array(points.points(start..<end)) == Array(expected.all[start..<end]), "\(matrix) \(start)..<\(end)")
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
