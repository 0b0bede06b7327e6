import SweepPlanner
import SweepRecords

extension JournalResource {
    /// The journal form of a plan's ``Resource``.
    package init(_ resource: Resource) {
        switch resource {
        case .pool(let name): self.init(kind: .pool, name: name)
        case .dataset(let name): self.init(kind: .dataset, name: name)
        case .filesystem(let mountpoint): self.init(kind: .filesystem, name: mountpoint)
        }
    }

    /// The plan's ``Resource``, for pools and datasets.
    package var planResource: Resource? {
        switch kind {
        case .pool: return .pool(name)
        case .dataset: return .dataset(name)
        case .filesystem: return .filesystem(name)
        default: return nil
        }
    }
}
