import Foundation

/// A search for the largest feasible value of a parameter on a ladder of candidates (the plan's probe cells, in
/// ascending order): bisection over the ladder, from the results published so far. Pure, so a resumed run chooses
/// the same probes.
///
/// Feasibility is taken to fall with the parameter (a rate past what the device gives breaks a latency limit):
/// the lowest rung is probed first (infeasible: there is no answer), then the highest (feasible: it is the answer),
/// then the middle of the bracket between the highest feasible rung and the lowest infeasible one above it, until
/// they are neighbours. On a ladder of `n` rungs that is at most `2 + ⌈log₂(n − 1)⌉` probes; with rungs a factor
/// `1 + tolerance` apart, the answer is within the tolerance of the true limit.
public enum LadderSearch {
    /// What to do next.
    public enum Step: Hashable, Sendable {
        /// Probe the rung at this index.
        case probe(Int)
        /// Done: the highest feasible rung (`nil`: none is) and the lowest infeasible rung above it (`nil`: none is).
        case answer(feasible: Int?, infeasible: Int?)
    }

    /// The next step on a ladder of `count` rungs, given the feasibility of the rungs probed so far (by index).
    public static func next(count: Int, feasible results: [Int: Bool]) -> Step {
        guard count > 0 else { return .answer(feasible: nil, infeasible: nil) }
        guard let first = results[0] else { return .probe(0) }
        guard first else { return .answer(feasible: nil, infeasible: 0) }
        guard count > 1 else { return .answer(feasible: 0, infeasible: nil) }
        guard let last = results[count - 1] else { return .probe(count - 1) }
        if last { return .answer(feasible: count - 1, infeasible: nil) }
        // The bracket: the lowest infeasible rung, and the highest feasible rung below it.
        let high = results.filter { !$0.value }.keys.min() ?? count - 1
        let low = results.filter { $0.value && $0.key < high }.keys.max() ?? 0
        if high - low <= 1 { return .answer(feasible: low, infeasible: high) }
        return .probe((low + high) / 2)
    }

    /// The rungs from `low` to `high` (both included), each at most a factor `1 + tolerance` (a fraction: 0.05 for 5 %)
    /// above the one before, the last one `high`. With `integral`, whole numbers (each the one before times the
    /// factor, rounded down, and at least one more). Empty unless `0 < low < high` and `tolerance > 0`; at most `limit`
    /// rungs (then spaced wider, evenly in ratio).
    public static func rungs(from low: Double, to high: Double, tolerance: Double, integral: Bool, limit: Int = 10_000) -> [Double] {
        guard low > 0, high > low, tolerance > 0, low.isFinite, high.isFinite, tolerance.isFinite else { return [] }
        let steps = log(high / low) / log1p(tolerance)
        let limit = max(limit, 2)
        guard steps.rounded(.up) < Double(limit) else {
            let ratio = pow(high / low, 1 / Double(limit - 1))
            var rungs: [Double] = []
            for index in 0..<limit {
                var value = index == limit - 1 ? high : low * pow(ratio, Double(index))
                if integral { value = value.rounded(.down) }
                if rungs.last.map({ value > $0 }) ?? true { rungs.append(value) }
            }
            return rungs
        }
        var rungs = [integral ? low.rounded(.up) : low]
        while let last = rungs.last, last < high {
            var next = last * (1 + tolerance)
            if integral { next = max(next.rounded(.down), last + 1) }
            rungs.append(min(next, high))
        }
        return rungs
    }
}
