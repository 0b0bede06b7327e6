/// How a dry-run marks a cell against an existing results directory. The runner computes each cell's
/// state from its `cell.json` (`RunDirectory.states(of:)`); renderers take them by cell id as marks.
public enum CellMark: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not run yet (or interrupted): will run.
    case pending
    /// Finished with `status: ok` and the plan's fingerprint: skipped, not shown.
    case done
    /// Finished under a different fingerprint: its output is moved aside and the cell runs again.
    case stale
    /// Finished with `status: failed`: moved aside and run again.
    case failed
    /// Not run: an adaptive rule skipped it (journalled `cell-skipped`); asked again by every run.
    case skipped
}

extension Plan {
    /// The plan without its done cells (a cell missing from `states` is pending); groups left empty are dropped.
    /// Run-level setup and teardown stay. Cell fingerprints are unchanged; the plan fingerprint is kept.
    public func remaining(_ states: [String: CellMark]) -> Plan {
        guard !states.isEmpty else { return self }
        var plan = self
        plan.groups = groups.compactMap { group in
            var group = group
            group.cells.removeAll { states[$0.id] == .done }
            return group.cells.isEmpty ? nil : group
        }
        return plan
    }

    /// Every step of the plan: run setup, each group's setup, cell steps and teardown, run teardown.
    public var stepCount: Int { setup.count + teardown.count + groupStorage.stepCount }

    /// Sum of the cells' expected workload seconds.
    public var estimatedSeconds: Double { groupStorage.estimatedSeconds }
}
