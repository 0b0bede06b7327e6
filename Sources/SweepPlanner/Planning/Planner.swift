import Foundation
import SweepModel

/// Turns an ``Experiment`` into a ``Plan``: a pure function, except that it reads the files the
/// experiment references (fio job files, relative to `baseDirectory`) to freeze and fingerprint them.
///
/// Same experiment, same files → same plan, same ids, same fingerprints, byte for byte.
public struct Planner: Sendable {
    /// The directory relative paths in the experiment are resolved against (the experiment file's folder).
    public var baseDirectory: String
    /// The most cells a plan may have (``ExperimentLimits/cells`` unless raised, as `--max-cells` does): a larger
    /// matrix is an error found by counting, before anything is expanded.
    public var maxCells: Int

    /// Into how many runs of consecutive cells planning splits the cells at most, each planned on its own
    /// thread (`nil`: one per processor), and the fewest cells a run has. The plan does not depend on them.
    var runs: Int?
    var cellsPerRun = 20_000

    public init(baseDirectory: String, maxCells: Int = ExperimentLimits.cells) {
        self.baseDirectory = baseDirectory
        self.maxCells = maxCells
    }

    /// Plans `experiment`; `only` restricts the cells to those whose `axis` has one of the given values
    /// (entries for the same axis are alternatives, different axes must all match).
    ///
    /// - Throws: every planning problem found, each with the ``FieldPath`` it is about.
    public func plan(_ experiment: Experiment, only: [(axis: String, value: String)] = []) throws(DiagnosticList) -> Plan {
        // Before anything makes one name per scratch disk.
        if let tooMany = ExperimentLimits.scratchCountProblem(experiment.disks) { throw DiagnosticList([tooMany]) }
        var assembly = makeAssembly(experiment)
        let plan = assembly.run(only: only)
        let diagnostics = assembly.builder.resolver.sink
        guard let plan, !diagnostics.hasErrors else { throw DiagnosticList(diagnostics.diagnostics) }
        return plan
    }

    /// The problems ``plan(_:only:)`` finds in `experiment`, in the same order, found without making the plan
    /// (its cells, groups and fingerprints): what `validate` reports.
    public func problems(_ experiment: Experiment) -> [Diagnostic] {
        if let tooMany = ExperimentLimits.scratchCountProblem(experiment.disks) { return [tooMany] }
        var assembly = makeAssembly(experiment)
        assembly.check()
        return assembly.builder.resolver.sink.diagnostics
    }

    private func makeAssembly(_ experiment: Experiment) -> PlanAssembly {
        // A search's probes are cells of an axis of their own: the planner expands them like any other.
        var assembly = PlanAssembly(experiment: experiment.withAdaptiveAxes, baseDirectory: baseDirectory, maxCells: maxCells)
        if let runs { assembly.runs = runs }
        assembly.cellsPerRun = cellsPerRun
        return assembly
    }
}
