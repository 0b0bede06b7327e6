/// A resource a run created: a pool, a dataset or a loop device (with its backing file).
package struct JournalResource: Hashable, Sendable, Codable {
    /// The resource kind (`"kind"`): `pool`, `dataset` or `loop`.
    package struct Kind: OpenName {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let pool: Kind = "pool"
        package static let dataset: Kind = "dataset"
        package static let loop: Kind = "loop"
        /// A file system mounted at `name` (its mount point).
        package static let filesystem: Kind = "filesystem"
    }

    package var kind: Kind
    /// Pool or dataset name, or the loop device (`loop3` or `/dev/loop3`).
    package var name: String
    /// For `loop`: the absolute path of the backing file.
    package var file: String?
    /// For `pool`: its GUID (`zpool list -H -o name,guid`), journalled once `zpool create` succeeded. It
    /// identifies the pool when its marker is unreadable (re-imported FAULTED after zfs-fuse died).
    package var guid: String?

    package init(kind: Kind, name: String, file: String? = nil, guid: String? = nil) {
        self.kind = kind
        self.name = name
        self.file = file
        self.guid = guid
    }

    /// Whether `other` names the same resource (kind, name and backing file), whatever GUID either carries:
    /// a pool's second `resource-created` adds its GUID to the first.
    package func isSame(as other: JournalResource) -> Bool {
        kind == other.kind && name == other.name && file == other.file
    }

    /// `pool tank`, `loop /dev/loop3`.
    package var description: String { "\(kind.rawValue) \(name)" }
}
