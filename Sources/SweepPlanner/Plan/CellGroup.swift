/// Consecutive cells that share one pool lifetime.
public struct CellGroup: Hashable, Sendable, Codable {
    /// Stable key from the pool-affecting values (`ndisks=2`), or the cell id with `recreate: per-cell`.
    public var key: String
    /// Pool and dataset creation (and, per cell, the before-cell hooks), in order.
    public var setup: [Step]
    /// The matching teardown, in reverse order of setup.
    public var teardown: [Step]
    public var cells: [Cell]

    public init(key: String, setup: [Step], teardown: [Step], cells: [Cell]) {
        self.key = key
        self.setup = setup
        self.teardown = teardown
        self.cells = cells
    }
}
