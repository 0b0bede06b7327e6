import Foundation
import SweepModel

/// The adaptive rules of a study, carried by its plan: the planner stays a pure function — it expands the full grid
/// (the maximum plan) and attaches the rules — and before each pending cell the runner asks them, with the published
/// results only, whether to skip it.
public struct AdaptiveRules: Hashable, Sendable, Codable {
    /// `matrix.stop`: saturation along one axis, per combination of the other axes.
    public var stop: StopRule?
    /// The stop axis's values in their declared order: the order the rule walks them.
    public var stopValues: [Value]

    /// `search`: the best feasible value of a parameter; its probes are the cells of the parameter's axis.
    public var search: SearchRule?
    /// `matrix.repeat` with `until`: repeat each cell until its metric is precise.
    public var repeatUntil: Repeat?
    /// `steady-state`: rounds of each cell until its metric is steady.
    public var steadyState: SteadyStateRule?

    public init(stop: StopRule? = nil, stopValues: [Value] = [], search: SearchRule? = nil, repeatUntil: Repeat? = nil) {
        self.stop = stop
        self.stopValues = stopValues
        self.search = search
        self.repeatUntil = repeatUntil
    }

    /// The rules of `experiment`; `nil` when it has none.
    public init?(_ experiment: Experiment) {
        let repeatUntil = experiment.matrix.repeat.flatMap { $0.until == nil ? nil : $0 }
        guard experiment.matrix.stop != nil || experiment.search != nil || repeatUntil != nil || experiment.steadyState != nil
        else { return nil }
        let stop = experiment.matrix.stop
        self.init(
            stop: stop, stopValues: stop.flatMap { stop in experiment.matrix.axes.first { $0.name == stop.axis }?.values } ?? [],
            search: experiment.search, repeatUntil: repeatUntil)
        steadyState = experiment.steadyState
    }

    /// The field of the experiment that holds the rules, for messages about them.
    public var field: FieldPath {
        if stop != nil { return .root / "matrix" / "stop" }
        if search != nil { return .root / "search" }
        return steadyState != nil ? .root / "steady-state" : .root / "matrix" / "repeat" / "until"
    }

    /// Whether the rules decide about a cell with `values` — a cell with a value of the stop axis after its first
    /// (the first always runs): its fingerprint covers them, so changing a threshold reruns the cells it governs and
    /// no others.
    public func governs(_ values: Settings) -> Bool {
        if let search, values[search.parameter] != nil { return true }
        if let repeatUntil, case .int(let index)? = values["repeat"], index > repeatUntil.runsAtLeast { return true }
        if let steadyState, case .int(let index)? = values["repeat"], index > steadyState.window { return true }
        guard let stop, let value = values[stop.axis] else { return false }
        return value != stopValues.first
    }

    /// The rules as fingerprinted: their JSON with sorted keys.
    var canonicalText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Each rule in words, with the metric and the threshold it reads (`plan`'s header).
    public var descriptions: [String] {
        var lines: [String] = []
        if let search {
            let rungs = search.rungs
            let maximize = search.maximize.map { ", reporting its \($0)" } ?? ""
            lines.append(
                "search: the highest \(search.parameter) from \(search.lower) to \(search.upper) with "
                    + search.constraints.map(\.description).joined(separator: " and ") + maximize
                    + ", for each combination of the other axes: bisection over \(rungs.count) probes at most \(search.tolerance) apart, at most \(search.probeLimit) of them run"
                    + " (decided by `iosweep run` from the published results)")
        }
        if let repeatUntil, let until = repeatUntil.until {
            lines.append(
                "repeat: each cell \(repeatUntil.runsAtLeast) to \(repeatUntil.count) times, until the 95 % confidence interval of \(until.metric)'s mean is within ±\(until.ciHalfWidth) of it"
                    + " (decided by `iosweep run` from the published results)")
        }
        if let steady = steadyState {
            lines.append(
                "steady-state: rounds of each cell (up to \(steady.maxRounds)) until the last \(steady.window) rounds of \(steady.metric) are within \(steady.range) of their mean and their slope × \(steady.window) within \(steady.slope) of it"
                    + " (decided by `iosweep run` from the published results)")
        }
        guard let stop else { return lines }
        let values = stopValues.prefix(4).map(\.text).joined(separator: ", ") + (stopValues.count > 4 ? ", …" : "")
        let row = stop.consecutive == 1 ? "" : " for \(stop.consecutive) values in a row"
        let condition: String
        switch stop.condition {
        case .gainBelow: condition = "\(stop.metric) gains less than \(stop.threshold) over the best so far" + row
        case .latencyAbove: condition = "\(stop.metric) is above \(stop.threshold)" + row
        }
        // What a value of the axis is worth when other rules decide its cells.
        var measured = ""
        if search != nil {
            measured = "; each value's \(stop.metric) is that of its search's answer (the next value waits for it)"
        } else if steadyState != nil {
            measured = "; each value's \(stop.metric) is its mean over its steady window"
        } else if repeatUntil != nil {
            measured = "; each value's \(stop.metric) is its mean over its repeats"
        }
        return lines + [
            "stop: along \(stop.axis) (\(values)), for each combination of the other axes, the rest of the axis is skipped once "
                + condition + measured + " (decided by `iosweep run` from the published results)"
        ]
    }
}
