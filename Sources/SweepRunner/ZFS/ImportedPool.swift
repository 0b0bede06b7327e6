/// An imported pool as `zpool list -H -o name,guid` lists it (zfs-fuse's pool version 23 and OpenZFS alike).
///
/// The GUID identifies the pool when its marker cannot be read: a pool re-imported FAULTED after its daemon
/// died answers `zfs get` with an error, but `zpool list` still names it with its GUID, and iosweep records
/// the GUID of every pool it creates in the journal.
package struct ImportedPool: Hashable, Sendable {
    package var name: String
    /// The pool's GUID, a decimal 64-bit number (`13677543033031101445`).
    package var guid: String

    package init(name: String, guid: String) {
        self.name = name
        self.guid = guid
    }

    /// Parses `zpool list -H -o name,guid` output: one tab-separated line per pool (`no pools available`
    /// and blank lines are none).
    package static func parseList(_ text: String) -> [ImportedPool] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard let name = fields.first, !name.isEmpty, name != "no pools available" else { return nil }
            return ImportedPool(name: name, guid: fields.count > 1 ? fields[1] : "")
        }
    }
}
