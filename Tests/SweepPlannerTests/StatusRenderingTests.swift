import Foundation
import SweepModel
import SweepPlanner
import Testing

@Suite("Dry-run against existing results: done cells are left out")
struct StatusRenderingTests {
    @Test("text marks stale and pending cells and leaves out done ones; sh and json hold only what remains")
    func remaining() throws {
        let plan = try Fixtures.planSeed()
        let cells = plan.cells
        var marks: [String: CellMark] = [:]
        for cell in cells.prefix(30) { marks[cell.id] = .done }
        marks[cells[30].id] = .stale
        marks[cells[31].id] = .failed
        let text = TextRenderer(states: marks).render(plan)
        #expect(text.contains("status: 30 done (not shown), 1 stale and 1 failed (rerun), 1 pending"))
        #expect(text.contains("remaining: 30 steps, 3m00s"))
        #expect(!text.contains(cells[0].id + " "))
        #expect(text.contains("cell 31/33 \(cells[30].id) → \(cells[30].resultPath) [stale]"))
        #expect(text.contains("cell 32/33 \(cells[31].id) → \(cells[31].resultPath) [failed]"))
        #expect(text.contains("cell 33/33 \(cells[32].id) → \(cells[32].resultPath) [pending]"))

        let script = ShellScriptRenderer(states: marks).render(plan)
        #expect(script.split(separator: "\n").filter { $0.hasPrefix("fio ") }.count == 3)
        let json = try JSONDecoder().decode(Plan.self, from: Data(JSONRenderer(states: marks).render(plan).utf8))
        #expect(json.cells.map(\.id) == cells.suffix(3).map(\.id))
        #expect(json.cells == Array(cells.suffix(3)))
    }

    @Test("Everything done: nothing remains")
    func allDone() throws {
        let plan = try Fixtures.planSeed()
        let marks = Dictionary(uniqueKeysWithValues: plan.cells.map { ($0.id, CellMark.done) })
        #expect(plan.remaining(marks).groups.isEmpty)
        #expect(TextRenderer(states: marks).render(plan).contains("status: 33 done (not shown), 0 stale and 0 failed (rerun), 0 pending"))
    }
}
