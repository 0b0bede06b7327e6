import SweepPlanner
import SweepRecords

extension JournalResource {
    /// The journal form of a plan's ``Resource``.
    package init(_ resource: Resource) {
        switch resource {
        case .pool(let name): self.init(kind: .pool, name: name)
        case .dataset(let name): self.init(kind: .dataset, name: name)
        }
    }

    /// The plan's ``Resource``, for pools and datasets.
    package var planResource: Resource? {
        switch kind {
        case .pool: return .pool(name)
        case .dataset: return .dataset(name)
        default: return nil
        }
    }
}
