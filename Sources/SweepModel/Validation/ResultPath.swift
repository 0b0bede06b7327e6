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
        if isPlainlyUsable(path) { return nil }
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is absolute" }
        if let scalar = ControlCharacters.first(in: path)?.scalar {
            return "contains a control character (\(ControlCharacters.code(scalar)))"
        }
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

    /// Whether `path` is certainly usable, decided in one pass over its bytes without allocating (a study plans
    /// a result path per cell): printable ASCII, not starting with `/` or `.`, at most ``maximumLength`` bytes,
    /// components of 1…``maximumComponent`` bytes that are not `.` or `..`, and a first component that cannot be
    /// one of the run directory's names (it starts with neither `i` nor `j`). `false` leaves the verdict to
    /// ``problem(_:)``'s full rules.
    private static func isPlainlyUsable(_ path: String) -> Bool {
        let verdict = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, bytes.count <= maximumLength,
                first != UInt8(ascii: "/"), first != UInt8(ascii: "."), first != UInt8(ascii: "i"), first != UInt8(ascii: "j")
            else { return false }
            var start = 0
            for i in 0...bytes.count {
                let byte = i < bytes.count ? bytes[i] : UInt8(ascii: "/")
                guard byte >= 0x20, byte < 0x7F else { return false }
                guard byte == UInt8(ascii: "/") else { continue }
                let length = i - start
                if length == 0 || length > maximumComponent { return false }
                if bytes[start] == UInt8(ascii: "."), length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: ".")) { return false }
                start = i + 1
            }
            return true
        }
        return verdict ?? false
    }

    /// The hint for a bad result path.
    package static let hint =
        "a relative path inside the results directory: no leading '/', no '.', '..' or empty parts, not a name the run directory uses (\(RunLayout.journal), iosweep-*, .*), e.g. results: ${ndisks}-disks/${numjobs}-jobs"
}
