import SweepModel

/// What a report shows of a run's experiment: its name, description and axes, read from `iosweep-run.json`'s
/// `experiment` whatever its schema version (every part may be missing; values of any JSON type, as text).
public struct ExperimentSummary: Hashable, Sendable, Decodable {
    /// One matrix axis and its declared values, as text.
    public struct Axis: Hashable, Sendable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    public var name: String?
    public var description: String?
    public var axes: [Axis]
    /// Repetitions per cell (`matrix.repeat`), when declared.
    public var repeatCount: Int?

    public init(name: String? = nil, description: String? = nil, axes: [Axis] = [], repeatCount: Int? = nil) {
        self.name = name
        self.description = description
        self.axes = axes
        self.repeatCount = repeatCount
    }

    /// The summary of an experiment this version decoded.
    public init(_ experiment: Experiment) {
        self.init(
            name: experiment.name, description: experiment.description,
            axes: experiment.matrix.axes.map { Axis(name: $0.name, values: $0.values.map(\.text)) },
            repeatCount: experiment.matrix.repeat?.count)
    }

    public init(from decoder: any Decoder) throws {
        let experiment = try JSONValue(from: decoder)
        let matrix = experiment["matrix"]
        self.init(
            name: experiment["name"]?.stringValue, description: experiment["description"]?.stringValue,
            axes: (matrix?["axes"]?.arrayValue ?? []).compactMap { axis in
                axis["name"]?.stringValue.map { Axis(name: $0, values: (axis["values"]?.arrayValue ?? []).map(\.text)) }
            },
            repeatCount: matrix?["repeat"]?["count"]?.intValue)
    }
}
