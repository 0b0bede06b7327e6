/// Why a ZFS step was refused or failed.
package enum ZFSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A pool of this name is imported and does not carry this run's marker: it is never destroyed.
    case foreignPool(name: String, marker: String?, runID: String)
    /// A `zpool create` argv lacks `-O iosweep:run=<run id>`.
    case missingMarker(argv: [String], runID: String)

    package var description: String {
        switch self {
        case .foreignPool(let name, let marker, let runID):
            let owner = marker.map { "the marker of run \($0)" } ?? "no iosweep marker"
            return "pool '\(name)' is already imported and carries \(owner), not \(PoolMarker.property)=\(runID); "
                + "iosweep never destroys a pool it did not create. Export or destroy it yourself, or choose another pool name."
        case .missingMarker(let argv, let runID):
            return "refusing `\(argv.joined(separator: " "))`: every pool iosweep creates must carry "
                + "-O \(PoolMarker.property)=\(runID)"
        }
    }
}
