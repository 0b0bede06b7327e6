import Testing
@testable import SweepModel

@Suite struct SourceMapTests {
    let text = """
        experiment: map
        disks: [sdb, sdc]
        matrix:
          ndisks: [1, 2]
        pool:
          name: tank
          vdevs: ${disks[:ndisks]}
        workload:
          command: [echo, "x ${ndisks}"]
        hooks:
          before-cell: [sync]
        """

    @Test func locatesWrittenPathsAndNearestAncestors() throws {
        let file = try ExperimentLoader.load(yaml: text, file: "map.yaml", directory: "/")
        let map = file.sourceMap
        #expect(map.location(for: FieldPath("matrix.ndisks[1]")) == SourceLocation(file: "map.yaml", line: 4, column: 15))
        #expect(map.location(for: FieldPath("pool.vdevs")).line == 7)
        // A path the planner may use that was written in shorthand resolves to the nearest written field.
        #expect(map.location(for: FieldPath("pool.vdevs[0]")).line == 7)
        #expect(map.location(for: FieldPath("pool.recreate")) == SourceLocation(file: "map.yaml", line: 6, column: 3))
        #expect(map.location(for: FieldPath("nothing.at.all")) == SourceLocation(file: "map.yaml", line: 1, column: 1))
        // Shorthand hooks: the canonical path hooks.before-cell[0][0] is the single argv's first word.
        #expect(map.location(for: FieldPath("hooks.before-cell[0][0]")) == SourceLocation(file: "map.yaml", line: 11, column: 17))
    }

    @Test func offsetsInsideExpressionsBecomeColumns() throws {
        let file = try ExperimentLoader.load(yaml: text, file: "map.yaml", directory: "/")
        // Plain scalar: column of the text + offset.
        #expect(file.sourceMap.location(for: FieldPath("pool.vdevs"), offset: 2) == SourceLocation(file: "map.yaml", line: 7, column: 12))
        // Quoted scalar: one more for the quote.
        #expect(
            file.sourceMap.location(for: FieldPath("workload.command[1]"), offset: 4)
                == SourceLocation(file: "map.yaml", line: 9, column: 24))
    }

    /// What the CLI does with the planner's diagnostics: locate by path, render compiler style.
    @Test func plannerDiagnosticsAreLocatedAndRendered() throws {
        let file = try ExperimentLoader.load(yaml: text, file: "map.yaml", directory: "/")
        let planner = Diagnostic(
            .error, "slice ends beyond the 2 disks", hint: "ndisks goes up to 2", path: FieldPath("pool.vdevs"), offset: 8)
        let rendered = file.render([planner])
        #expect(
            rendered == """
                map.yaml:7:18: error: slice ends beyond the 2 disks
                  vdevs: ${disks[:ndisks]}
                                 ^
                  hint: ndisks goes up to 2

                """)
    }
}
