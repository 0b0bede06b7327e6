/// The user property iosweep sets on the root dataset of every pool it creates: `iosweep:run=<run id>`.
///
/// Only pools carrying the current run's marker are ever destroyed; a pool without it is foreign.
package enum PoolMarker {
    /// The ZFS user property name.
    package static let property = "iosweep:run"

    /// The `zpool create` root-dataset option that sets the marker: `["-O", "iosweep:run=<run id>"]`.
    package static func createOptions(runID: String) -> [String] { ["-O", "\(property)=\(runID)"] }
}

/// Who owns an imported pool, judged by its marker.
package enum PoolOwnership: Hashable, Sendable {
    /// No pool of that name is imported.
    case absent
    /// Imported and carrying this run's marker.
    case ours
    /// Imported without this run's marker; `marker` is another run's id, or `nil` when it has none.
    case foreign(marker: String?)
}
