/// A dataset created in the pool: `zfs create [-o k=v …] NAME`.
public struct Dataset: Hashable, Sendable, Codable {
    public var name: String
    public var properties: Settings
    /// The cells that have the dataset (as ``Pool/when``); a cell without the pool has none of its datasets.
    public var when: Value?

    public init(_ name: String, properties: Settings = [:], when: Value? = nil) {
        self.name = name
        self.properties = properties
        self.when = when
    }
}
