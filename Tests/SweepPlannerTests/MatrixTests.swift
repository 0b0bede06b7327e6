import SweepModel
import SweepPlanner
import Testing

@Suite("Matrix expansion")
struct MatrixTests {
    private func ids(_ matrix: Matrix, results: String? = nil) throws -> [String] {
        var experiment = Fixtures.bare(matrix)
        experiment.results = results
        return try Planner(baseDirectory: "/").plan(experiment).cells.map(\.id)
    }

    private let ab = [Axis("a", [1, 2]), Axis("b", ["x", "y"])]

    @Test("Cartesian product, first axis outermost")
    func product() throws {
        #expect(try ids(Matrix(axes: ab)) == ["a=1,b=x", "a=1,b=y", "a=2,b=x", "a=2,b=y"])
    }

    @Test("exclude drops every cell matching a partial assignment; values match by text")
    func exclude() throws {
        #expect(try ids(Matrix(axes: ab, exclude: [["b": "y", "a": "2"]])) == ["a=1,b=x", "a=1,b=y", "a=2,b=x"])
        #expect(try ids(Matrix(axes: ab, exclude: [["a": "1"]])) == ["a=2,b=x", "a=2,b=y"])
    }

    @Test("include adds new combinations at the end and merges extra keys into matching cells")
    func include() throws {
        var experiment = Fixtures.bare(Matrix(axes: ab))
        experiment.matrix.include = [["a": 3, "b": "x"], ["b": "y", "recsize": "128k"]]
        let cells = try Planner(baseDirectory: "/").plan(experiment).cells
        #expect(cells.map(\.id) == ["a=1,b=x", "a=1,b=y", "a=2,b=x", "a=2,b=y", "a=3,b=x"])
        #expect(cells.map { $0.values["recsize"] } == [nil, "128k", nil, "128k", nil])
        // An entry matching no cell becomes a cell named by all its keys.
        experiment.matrix.include = [["b": "z", "recsize": "1M"]]
        #expect(try Planner(baseDirectory: "/").plan(experiment).cells.last?.id == "b=z,recsize=1M")
    }

    @Test("repeat adds an innermost repeat axis, or places it after a named axis")
    func repeats() throws {
        #expect(
            try ids(Matrix(axes: ab, repeat: Repeat(count: 2))) == [
                "a=1,b=x,repeat=1", "a=1,b=x,repeat=2", "a=1,b=y,repeat=1", "a=1,b=y,repeat=2",
                "a=2,b=x,repeat=1", "a=2,b=x,repeat=2", "a=2,b=y,repeat=1", "a=2,b=y,repeat=2",
            ])
        #expect(
            try ids(Matrix(axes: ab, repeat: Repeat(count: 2, after: ""))) == [
                "a=1,b=x,repeat=1", "a=1,b=y,repeat=1", "a=2,b=x,repeat=1", "a=2,b=y,repeat=1",
                "a=1,b=x,repeat=2", "a=1,b=y,repeat=2", "a=2,b=x,repeat=2", "a=2,b=y,repeat=2",
            ])
        #expect(
            try ids(Matrix(axes: ab, repeat: Repeat(count: 2, after: "a"))) == [
                "a=1,b=x,repeat=1", "a=1,b=y,repeat=1", "a=1,b=x,repeat=2", "a=1,b=y,repeat=2",
                "a=2,b=x,repeat=1", "a=2,b=y,repeat=1", "a=2,b=x,repeat=2", "a=2,b=y,repeat=2",
            ])
    }

    @Test("shuffle with a seed: a permutation, the same every time, different for another seed")
    func shuffle() throws {
        let axes = [Axis("a", Array(1...6).map { .int($0) }), Axis("b", ["x", "y", "z"])]
        let sequential = try ids(Matrix(axes: axes))
        let one = try ids(Matrix(axes: axes, order: .shuffle, seed: 42))
        let again = try ids(Matrix(axes: axes, order: .shuffle, seed: 42))
        let other = try ids(Matrix(axes: axes, order: .shuffle, seed: 43))
        #expect(one == again)
        #expect(one != sequential)
        #expect(one != other)
        #expect(one.sorted() == sequential.sorted())
        // Pinned: SplitMix64 + Fisher–Yates is part of the documented behaviour, not an accident.
        #expect(Array(try ids(Matrix(axes: [Axis("a", [1, 2, 3, 4, 5])], order: .shuffle, seed: 1))) == Self.pinnedShuffle)
    }

    // Computed independently with a Python SplitMix64 + Lemire + Fisher–Yates (see SplitMix64.swift).
    static let pinnedShuffle = ["a=2", "a=1", "a=4", "a=5", "a=3"]

    @Test("--only keeps matching cells; alternatives for one axis, all axes must match")
    func only() throws {
        let experiment = Fixtures.bare(Matrix(axes: [Axis("ndisks", [1, 2]), Axis("numjobs", [1, 4, 8])]))
        let planner = Planner(baseDirectory: "/")
        #expect(try planner.plan(experiment, only: [("numjobs", "4")]).cells.map(\.id) == ["ndisks=1,numjobs=4", "ndisks=2,numjobs=4"])
        #expect(
            try planner.plan(experiment, only: [("numjobs", "4"), ("numjobs", "8"), ("ndisks", "2")]).cells.map(\.id)
                == ["ndisks=2,numjobs=4", "ndisks=2,numjobs=8"])
        let all = try planner.plan(experiment)
        let some = try planner.plan(experiment, only: [("numjobs", "8")])
        #expect(some.cells.allSatisfy { cell in all.cells.contains(cell) })
    }
}
