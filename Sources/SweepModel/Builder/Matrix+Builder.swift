/// A part of a `Matrix { … }` block: an axis, an include or exclude entry, repeat, a stop rule, or the run order.
public protocol MatrixComponent: Sendable {
    func apply(to matrix: inout Matrix)
}

extension Matrix {
    /// `Matrix { Axis("ndisks", [1, 2, 3]); Axis("numjobs", [1, 2, 4]); Repeat(count: 3) }`
    public init(@ListBuilder<any MatrixComponent> _ content: () -> [any MatrixComponent]) {
        self.init()
        for component in content() { component.apply(to: &self) }
    }
}

extension Axis: MatrixComponent {
    public func apply(to matrix: inout Matrix) { matrix.axes.append(self) }
}

extension Repeat: MatrixComponent {
    public func apply(to matrix: inout Matrix) { matrix.repeat = self }
}

/// `stop: {…}`: `StopRule.gainBelow(Quantity(parsing: "5%")!, axis: "numjobs", metric: "write.iops", for: 2)`.
extension StopRule: MatrixComponent {
    public func apply(to matrix: inout Matrix) { matrix.stop = self }
}

/// `include: [{…}]` — one extra combination.
public struct Include: MatrixComponent {
    public var values: Settings
    public init(_ values: Settings) { self.values = values }
    public func apply(to matrix: inout Matrix) { matrix.include.append(values) }
}

/// `exclude: [{…}]` — one partial assignment to drop.
public struct Exclude: MatrixComponent {
    public var values: Settings
    public init(_ values: Settings) { self.values = values }
    public func apply(to matrix: inout Matrix) { matrix.exclude.append(values) }
}

/// `order: shuffle` with `seed:`.
public struct Shuffle: MatrixComponent {
    public var seed: UInt64?
    public init(seed: UInt64? = nil) { self.seed = seed }
    public func apply(to matrix: inout Matrix) {
        matrix.order = .shuffle
        matrix.seed = seed
    }
}

extension Pool {
    /// `Pool("tank", force: true) { Vdev(.mirror, ["sdb", "sdc"]) }` — the block gives the data vdevs.
    public init(
        _ name: String, log: [Vdev] = [], cache: [Vdev] = [], special: [Vdev] = [], force: Bool = false,
        properties: Settings = [:], filesystemProperties: Settings = [:], recreate: Recreate = .perCell, when: Value? = nil,
        host: String? = nil, @ListBuilder<Vdev> vdevs: () -> [Vdev]
    ) {
        self.init(
            name: name, vdevs: vdevs(), log: log, cache: cache, special: special, force: force,
            properties: properties, filesystemProperties: filesystemProperties, recreate: recreate, when: when, host: host)
    }
}
