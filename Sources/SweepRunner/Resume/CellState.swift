import SweepPlanner

/// Where a planned cell stands in a results directory.
public enum CellState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Published with status `ok` and the plan's fingerprint: skipped.
    case done
    /// Published under a different fingerprint: moved aside and rerun.
    case stale
    /// Published with status `failed`: moved aside and rerun.
    case failed
    /// Not published (possibly interrupted: `.partial/<id>` exists): run.
    case pending
}
