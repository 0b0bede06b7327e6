/// ZFS's naming rules for pools and datasets (libzfs `zpool_name_valid`, `zfs_name_valid`), checked
/// before a name reaches `zpool create` or `zfs create`, where a name such as `-o evil` would be an option.
package enum ZFSName {
    /// The longest pool or dataset name (ZFS_MAX_DATASET_NAME_LEN 256, with its NUL).
    package static let maximumLength = 255

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    /// What is wrong with `name` as a pool name; `nil` when `zpool create` accepts it.
    package static func poolProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return "is empty" }
        if bytes.count > maximumLength { return "is \(bytes.count) bytes long, more than ZFS's \(maximumLength)" }
        guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
            return "does not start with a letter"
        }
        if let bad = name.unicodeScalars.first(where: { !$0.isASCII || !isNameCharacter(UInt8($0.value)) }) {
            return "contains '\(ControlCharacters.visible(String(bad)))'"
        }
        for reserved in ["mirror", "raidz", "draid", "spare"] where name.hasPrefix(reserved) {
            return "starts with the reserved word '\(reserved)'"
        }
        if name == "log" { return "is the reserved word 'log'" }
        if bytes.count >= 2, first == UInt8(ascii: "c"), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1]) {
            return "looks like a disk name (c0…)"
        }
        return nil
    }

    /// What is wrong with `name` as a dataset name (`pool/a/b`); `nil` when `zfs create` accepts it.
    package static func datasetProblem(_ name: String) -> String? {
        let bytes = name.utf8.count
        if bytes > maximumLength { return "is \(bytes) bytes long, more than ZFS's \(maximumLength)" }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        if let pool = components.first, let problem = poolProblem(String(pool)) { return "has a pool part that \(problem)" }
        for component in components.dropFirst() {
            if component.isEmpty { return "has an empty component ('//' or a trailing '/')" }
            if component == "." || component == ".." { return "has a '\(component)' component" }
            if let bad = component.unicodeScalars.first(where: { !$0.isASCII || !isNameCharacter(UInt8($0.value)) }) {
                return "contains '\(ControlCharacters.visible(String(bad)))'"
            }
        }
        return nil
    }

    /// The hint for a bad pool or dataset name.
    package static let hint =
        "ZFS names start with a letter and hold only letters, digits, '_', '-', '.' and ':' (datasets: pool/name/…), at most 255 bytes"
}
