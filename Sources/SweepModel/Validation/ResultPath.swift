/// Rules for a cell's result path (`results:`, rendered per cell): a relative path inside the run
/// directory that cannot overwrite the run's own files or leave the directory.
package enum ResultPath {
    /// The run directory's own entries, which no result path may start with: the journal, the manifest,
    /// the frozen plan and files, the logs. Hidden names (`.lock`, `.partial`, `.stale`, `.failed`,
    /// `.scratch`, temporary files) are all refused, as is every name starting with `iosweep-`.
    package static let runDirectoryEntries = RunLayout.visibleEntries

    /// The longest path component (NAME_MAX) and the longest whole result path iosweep accepts.
    package static let maximumComponent = 255
    package static let maximumLength = 1024

    /// The result path of a study without a matrix and without `results:` (its one cell has no values).
    package static let single = "cell"

    /// What is wrong with `path`; `nil` when it is a usable result path.
    package static func problem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is absolute" }
        if let scalar = ControlCharacters.first(in: path)?.scalar { return "contains a control character (\(ControlCharacters.code(scalar)))" }
        let bytes = path.utf8.count
        if bytes > maximumLength { return "is \(bytes) bytes long, more than \(maximumLength)" }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty { return "has an empty component ('//' or a trailing '/')" }
            if component == "." || component == ".." { return "has a '\(component)' component" }
            if component.utf8.count > maximumComponent {
                return "has a component of \(component.utf8.count) bytes, more than the file-name limit of \(maximumComponent)"
            }
        }
        if let first = components.first {
            if first.hasPrefix(".") { return "starts with '\(first)', a hidden name the run directory keeps for itself" }
            if runDirectoryEntries.contains(String(first)) || first.hasPrefix("iosweep-") {
                return "starts with '\(first)', a name the run directory keeps for itself"
            }
        }
        return nil
    }

    /// The hint for a bad result path.
    package static let hint = "a relative path inside the results directory: no leading '/', no '.', '..' or empty parts, not a name the run directory uses (journal.jsonl, iosweep-*, .*), e.g. results: ${ndisks}-disks/${numjobs}-jobs"
}
