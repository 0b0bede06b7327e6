import SweepPlanner
import SweepRecords

/// Decides, before each pending cell, whether the study's adaptive rules skip it.
///
/// A decider reads the run directory's published cells only — never the runner's memory — so a run resumed after
/// `kill -9` at any moment reaches the same decisions, and the same final result set, as an uninterrupted one.
/// The runner journals every skip (`cell-skipped` with the rule and the reason) and asks again on every run: the
/// journal records decisions, the published results make them.
package struct CellDecider: Sendable {
    /// The decision for a pending cell, given the directory as it is now.
    package var decide: @Sendable (Cell) async -> CellDecision

    package init(_ decide: @escaping @Sendable (Cell) async -> CellDecision) {
        self.decide = decide
    }

    /// Runs every cell: a study without adaptive rules.
    package static let everyCell = CellDecider { _ in .run }
}
