import Foundation

/// `search`: instead of an axis, the best feasible value of one parameter, found by bisection over a ladder of
/// rungs from the results published so far (``LadderSearch``):
///
/// ```yaml
/// search:
///   parameter: rate_iops              # a fio option (or numjobs, iodepth)
///   range: [500, 100000]
///   maximize: write.iops
///   subject-to: "write.clat.p99 <= 2ms"
///   tolerance: 5%
/// ```
///
/// The planner adds the parameter as the innermost axis, its values the rungs (``rungs``), and passes it to fio;
/// every combination of the other axes gets a search of its own.
public struct SearchRule: Hashable, Sendable, Codable {
    /// The fio option searched (`rate_iops`, `numjobs`, `iodepth`): the name of the probes' axis.
    public var parameter: String
    /// The range searched, both ends included, whole numbers with `0 < lower < upper`.
    public var lower: Int
    public var upper: Int
    /// The metric reported for the answer (`write.iops`); `nil`: none.
    public var maximize: String?
    /// What a feasible probe satisfies, every one of them.
    public var constraints: [SearchConstraint]
    /// Neighbouring rungs are at most this percentage apart: the answer is within it of the true limit.
    public var tolerance: Quantity

    public init(
        parameter: String, lower: Int, upper: Int, maximize: String? = nil, constraints: [SearchConstraint],
        tolerance: Quantity = Quantity(kind: .percent, value: 5)
    ) {
        self.parameter = parameter
        self.lower = lower
        self.upper = upper
        self.maximize = maximize
        self.constraints = constraints
        self.tolerance = tolerance
    }

    /// The probes' values: from `lower` to `upper`, each at most `1 + tolerance` times the one before (at least one
    /// more), at most ``ExperimentLimits/searchRungs`` of them. Empty for a range or tolerance that makes none.
    public var rungs: [Int] {
        LadderSearch.rungs(
            from: Double(lower), to: Double(upper), tolerance: tolerance.value / 100, integral: true, limit: ExperimentLimits.searchRungs
        ).map { Int($0) }
    }

    /// The most probes the search runs per combination of the other axes: `2 + ⌈log₂(rungs − 1)⌉`.
    public var probeLimit: Int {
        let count = rungs.count
        guard count > 2 else { return count }
        var bits = 0
        while (1 << bits) < count - 1 { bits += 1 }
        return 2 + bits
    }
}

/// `METRIC <= LIMIT` (or `<`, `>=`, `>`): one condition a feasible probe meets (`write.clat.p99 <= 2ms`).
public struct SearchConstraint: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
        case atMost = "<="
        case below = "<"
        case atLeast = ">="
        case above = ">"

        /// Whether `value` meets a limit of `limit`.
        public func holds(_ value: Double, _ limit: Double) -> Bool {
            switch self {
            case .atMost: value <= limit
            case .below: value < limit
            case .atLeast: value >= limit
            case .above: value > limit
            }
        }
    }

    public var metric: String
    public var comparison: Comparison
    public var limit: Quantity

    public init(metric: String, comparison: Comparison, limit: Quantity) {
        self.metric = metric
        self.comparison = comparison
        self.limit = limit
    }

    /// Parses `write.clat.p99 <= 2ms`: a metric name, a comparison, a quantity; `nil` otherwise.
    public init?(parsing text: String) {
        // The two-character comparisons first, so `<=` is not read as `<`.
        for comparison in [Comparison.atMost, .atLeast, .below, .above] {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let metric = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let rest = String(text[range.upperBound...])
            guard !metric.isEmpty, !metric.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "=" }),
                !rest.contains(where: { $0 == "<" || $0 == ">" || $0 == "=" }), let limit = Quantity(parsing: rest)
            else { return nil }
            self.init(metric: metric, comparison: comparison, limit: limit)
            return
        }
        return nil
    }

    public var description: String { "\(metric) \(comparison.rawValue) \(limit)" }
}
