extension Resource {
    private enum CodingKeys: String, CodingKey {
        case pool
        case dataset
        case filesystem
    }

    /// `{"pool": "tank"}`, `{"dataset": "tank/dozer"}` or `{"filesystem": "/mnt/bench"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .pool) {
            self = .pool(name)
        } else if let mountpoint = try container.decodeIfPresent(String.self, forKey: .filesystem) {
            self = .filesystem(mountpoint)
        } else {
            self = .dataset(try container.decode(String.self, forKey: .dataset))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .pool(let name): try container.encode(name, forKey: .pool)
        case .dataset(let name): try container.encode(name, forKey: .dataset)
        case .filesystem(let mountpoint): try container.encode(mountpoint, forKey: .filesystem)
        }
    }
}
