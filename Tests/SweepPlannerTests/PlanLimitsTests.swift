import Foundation
import SweepModel
import Testing
@testable import SweepPlanner

/// Studies too large to plan are counted, not expanded: an error naming the count, at once; the arithmetic of
/// a plan (runtimes, their sum, timeouts) never traps.
@Suite("Planning limits")
struct PlanLimitsTests {
    /// `axes` axes of `values` values each.
    static func matrix(axes: Int, values: Int) -> Matrix {
        Matrix(axes: (0..<axes).map { a in Axis("a\(a)", (0..<values).map { Value.int($0) }) })
    }

    /// The planning errors of `experiment`, and how long planning took.
    static func problems(_ experiment: Experiment, maxCells: Int = ExperimentLimits.cells) -> (diagnostics: [Diagnostic], seconds: Double) {
        let start = Date()
        do {
            _ = try Planner(baseDirectory: "/", maxCells: maxCells).plan(experiment)
            return ([], Date().timeIntervalSince(start))
        } catch {
            return (error.diagnostics, Date().timeIntervalSince(start))
        }
    }

    @Test(arguments: [
        (9, "1,000,000,000 cells"), (12, "1,000,000,000,000 cells"),
        (30, "1,000,000,000,000,000,000,000,000,000,000 cells"), (40, "more than 10^38 cells"),
    ])
    func hugeMatricesAreCountedNotExpanded(axes: Int, count: String) {
        let (found, seconds) = Self.problems(Fixtures.bare(Self.matrix(axes: axes, values: 10)))
        #expect(found.map(\.message) == ["the matrix has \(count), more than the limit of 1,000,000"])
        #expect(found.first?.path == FieldPath("matrix"))
        #expect(seconds < 5, "planning took \(seconds) s")
    }

    @Test func hugeRepeatsAreAnErrorAtTheRepeat() {
        var matrix = Self.matrix(axes: 1, values: 2)
        matrix.repeat = Repeat(count: Int.max)
        var (found, _) = Self.problems(Fixtures.bare(matrix))
        #expect(found.map(\.message) == ["the matrix has 18,446,744,073,709,551,614 cells, more than the limit of 1,000,000"])
        #expect(found.first?.path == FieldPath("matrix.repeat"))
        matrix.repeat = Repeat(count: 99_999_999_999, after: "a0")
        (found, _) = Self.problems(Fixtures.bare(matrix))
        #expect(found.map(\.message) == ["the matrix has 199,999,999,998 cells, more than the limit of 1,000,000"])
        #expect(found.first?.path == FieldPath("matrix.repeat.count"))
    }

    @Test func theLimitCanBeRaisedAndExcludedCellsDoNotCount() throws {
        let experiment = Fixtures.bare(Self.matrix(axes: 2, values: 40))  // 1,600 cells
        #expect(
            Self.problems(experiment, maxCells: 1_000).diagnostics.map(\.message) == [
                "the matrix has 1,600 cells, more than the limit of 1,000"
            ])
        #expect(try Planner(baseDirectory: "/", maxCells: 1_600).plan(experiment).cells.count == 1_600)
        // Excluding 12 of a0's values leaves 1,120 cells: within a limit of 1,200.
        var fewer = experiment
        fewer.matrix.exclude = (0..<12).map { ["a0": .int($0)] }
        #expect(try Planner(baseDirectory: "/", maxCells: 1_200).plan(fewer).cells.count == 1_120)
        // The expansion visits every combination, so those are held to 10 × the limit.
        var sparse = Fixtures.bare(Matrix(axes: [Axis("a0", (0..<100).map { Value.int($0) }), Axis("a1", (0..<12).map { Value.int($0) })]))
        sparse.matrix.exclude = (1..<12).map { ["a1": .int($0)] }
        #expect(try Planner(baseDirectory: "/", maxCells: 120).plan(sparse).cells.count == 100)
        #expect(
            Self.problems(sparse, maxCells: 100).diagnostics.map(\.message) == [
                "the matrix has 100 cells but 1,200 combinations before exclude, more than 10 × the limit of 100 cells"
            ])
    }

    /// The count is the number of cells the expansion makes, for random matrices with exclude, include and repeat.
    @Test func countMatchesExpansion() throws {
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<300 {
            let axisCount = Int(generator.next(below: 3)) + 1
            var matrix = Matrix(
                axes: (0..<axisCount).map { a in
                    Axis("a\(a)", (0..<Int(generator.next(below: 4)) + 1).map { Value.int($0) })
                })
            if generator.next(below: 2) == 0 { matrix.repeat = Repeat(count: Int(generator.next(below: 3)) + 1) }
            let names = matrix.axes.map(\.name) + (matrix.repeat == nil ? [] : ["repeat"])
            func entry() -> Settings {
                var settings = Settings()
                for name in names where generator.next(below: 2) == 0 {
                    settings[name] = .int(Int(generator.next(below: 4)) + (name == "repeat" ? 1 : 0))
                }
                return settings
            }
            matrix.exclude = (0..<Int(generator.next(below: 4))).map { _ in entry() }.filter { !$0.isEmpty }
            var expansion = MatrixExpansion(matrix)
            let points = expansion.expand()
            let loops =
                matrix.axes.map { CellCount.Loop(name: $0.name, count: $0.values.count, values: $0.values) }
                + (matrix.repeat.map { [CellCount.Loop(name: "repeat", count: $0.count, values: nil)] } ?? [])
            let count = CellCount(loops: loops, exclude: matrix.exclude, include: [], repeatCount: matrix.repeat?.count)
            #expect(count.isExact)
            #expect(count.value == Int128(points.count), "\(matrix)")
        }
    }

    @Test func runtimesBeyondTheLimitAreAnErrorPerCell() {
        var experiment = Fixtures.bare(Matrix(axes: [Axis("r", [.int(1 << 62), 60, .int(Int.max)])]))
        experiment.workload = .command(CommandWorkload(argv: ["sh"], runtime: "${r}"))
        let (found, _) = Self.problems(experiment)
        #expect(
            found.map(\.message) == [
                "expected a number of seconds from 0 to 31,536,000 (365 days), got '4611686018427387904' (cell r=4611686018427387904)"
            ])
        #expect(found.first?.path == FieldPath("workload.command.runtime"))
    }

    @Test func aHandWrittenPlansEstimateRendersWithoutTrapping() {
        #expect(TextRenderer.duration(1e300) == TextRenderer.duration(1e15))
        #expect(TextRenderer.duration(-5) == "0s")
        #expect(TextRenderer.duration(.nan) == "0s")
        #expect(TextRenderer.duration(3 * 31_536_000) == "26280h00m00s")
    }

    @Test func tooManyScratchDisksAreAnErrorBeforeAnyNameIsMade() {
        var experiment = Fixtures.bare(Matrix())
        experiment.disks = .scratch(Scratch(count: 99_999_999, size: "1G"))
        let (found, seconds) = Self.problems(experiment)
        #expect(found.map(\.message) == ["'disks.scratch.count' is 99999999, more than the limit of 256 scratch disks"])
        #expect(found.first?.path == FieldPath("disks.scratch.count"))
        #expect(seconds < 5)
    }
}
