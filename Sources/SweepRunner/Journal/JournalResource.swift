import SweepPlanner

/// A resource a run created: a pool, a dataset or a loop device (with its backing file).
public struct JournalResource: Hashable, Sendable, Codable {
    /// The resource kind (`"kind"`): `pool`, `dataset` or `loop`.
    public struct Kind: OpenName {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let pool: Kind = "pool"
        public static let dataset: Kind = "dataset"
        public static let loop: Kind = "loop"
    }

    public var kind: Kind
    /// Pool or dataset name, or the loop device (`loop3` or `/dev/loop3`).
    public var name: String
    /// For `loop`: the absolute path of the backing file.
    public var file: String?
    /// For `pool`: its GUID (`zpool list -H -o name,guid`), journalled once `zpool create` succeeded. It
    /// identifies the pool when its marker is unreadable (re-imported FAULTED after zfs-fuse died).
    public var guid: String?

    public init(kind: Kind, name: String, file: String? = nil, guid: String? = nil) {
        self.kind = kind
        self.name = name
        self.file = file
        self.guid = guid
    }

    /// Whether `other` names the same resource (kind, name and backing file), whatever GUID either carries:
    /// a pool's second `resource-created` adds its GUID to the first.
    public func isSame(as other: JournalResource) -> Bool {
        kind == other.kind && name == other.name && file == other.file
    }

    /// The journal form of a plan's ``Resource``.
    public init(_ resource: Resource) {
        switch resource {
        case .pool(let name): self.init(kind: .pool, name: name)
        case .dataset(let name): self.init(kind: .dataset, name: name)
        }
    }

    /// The plan's ``Resource``, for pools and datasets.
    public var planResource: Resource? {
        switch kind {
        case .pool: return .pool(name)
        case .dataset: return .dataset(name)
        default: return nil
        }
    }
}
