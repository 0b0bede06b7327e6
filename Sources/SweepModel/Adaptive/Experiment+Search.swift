extension Experiment {
    /// The experiment as the planner expands it: ``SteadyStateRule``'s rounds are the repeats of each cell; a ``SearchRule``'s parameter becomes the innermost axis, its values
    /// the rungs of the ladder, and reaches fio as `--PARAMETER=${PARAMETER}` (or `numjobs`) unless the workload
    /// already says so. Without a search, the experiment itself.
    public var withAdaptiveAxes: Experiment {
        var planned = self
        // Steady-state rounds are repeats of the cell.
        if let steadyState, planned.matrix.repeat == nil { planned.matrix.repeat = Repeat(count: steadyState.maxRounds) }
        guard let search, case .fio(var fio) = workload else { return planned }
        planned.matrix.axes.append(Axis(search.parameter, search.rungs.map { .int($0) }))
        let reference = Value.string("${\(search.parameter)}")
        if search.parameter == "numjobs" {
            fio.numjobs = fio.numjobs ?? reference
        } else if fio.options[search.parameter] == nil {
            fio.options[search.parameter] = reference
        }
        planned.workload = .fio(fio)
        return planned
    }
}
