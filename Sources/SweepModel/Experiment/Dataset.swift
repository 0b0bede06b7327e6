/// A dataset created in the pool: `zfs create [-o k=v …] NAME`.
public struct Dataset: Hashable, Sendable, Codable {
    public var name: String
    public var properties: Settings

    public init(_ name: String, properties: Settings = [:]) {
        self.name = name
        self.properties = properties
    }
}
