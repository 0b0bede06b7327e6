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

    public init(stop: StopRule? = nil, stopValues: [Value] = []) {
        self.stop = stop
        self.stopValues = stopValues
    }

    /// The rules of `experiment`; `nil` when it has none.
    public init?(_ experiment: Experiment) {
        guard let stop = experiment.matrix.stop else { return nil }
        self.init(stop: stop, stopValues: experiment.matrix.axes.first { $0.name == stop.axis }?.values ?? [])
    }

    /// Whether the rules decide about a cell with `values` — a cell with a value of the stop axis after its first
    /// (the first always runs): its fingerprint covers them, so changing a threshold reruns the cells it governs and
    /// no others.
    public func governs(_ values: Settings) -> Bool {
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
        guard let stop else { return [] }
        let values = stopValues.prefix(4).map(\.text).joined(separator: ", ") + (stopValues.count > 4 ? ", …" : "")
        let row = stop.consecutive == 1 ? "" : " for \(stop.consecutive) values in a row"
        let condition: String
        switch stop.condition {
        case .gainBelow: condition = "\(stop.metric) gains less than \(stop.threshold) over the best so far" + row
        case .latencyAbove: condition = "\(stop.metric) is above \(stop.threshold)" + row
        }
        return [
            "stop: along \(stop.axis) (\(values)), for each combination of the other axes, the rest of the axis is skipped once "
                + condition + " (decided by `iosweep run` from the published results)"
        ]
    }
}
