import Foundation

/// Tokens in step argv for values bound at run time. They stay in fingerprints as written,
/// so a cell's fingerprint does not depend on the run id or on which loop device backs a scratch disk.
public enum Placeholder {
    /// The run id (pool marker `iosweep:run=@{run}`).
    public static let run = "@{run}"
    /// The cell's working directory (absolute; `.partial/<cell id>` while the cell runs).
    public static let cell = "@{cell}"
    /// The directory holding the plan's frozen files (``PlanFile``).
    public static let files = "@{files}"
    /// The results directory (absolute): the default mount point of a file system is `@{results}/.mnt`.
    public static let results = "@{results}"
    /// The label a file system the run makes carries: the run's marker, short enough for every type's limit
    /// (xfs takes 12 characters).
    public static let label = "@{label}"
    /// The device bound to scratch disk `name` (`@{scratch0}` → `loop3`).
    public static func scratch(_ name: String) -> String { "@{\(name)}" }
    /// The block device under the workload's directory (fio's `--directory`, else the cell directory), found
    /// through the mount table when the cell starts (`vda1`, `loop5`): what `iostat` and `diskstats` sample by
    /// default in a study with neither a pool nor `disks`.
    public static let workloadDevice = "@{workload_device}"
    /// ``workloadDevice``'s binding name, also the symbolic device name of its output (`iostat-workload_device.txt`)
    /// and of its row in `report --per-device`, as `scratch0` is for a scratch disk.
    public static let workloadDeviceName = "workload_device"

    /// Replaces every `@{name}` token in `text` using `bindings` (name without `@{}`); unknown tokens stay.
    public static func substitute(_ text: String, _ bindings: [String: String]) -> String {
        guard text.containsMarker("@") else { return text }
        var out = ""
        forEachPiece(of: text) { piece in
            switch piece {
            case .literal(let literal): out += literal
            case .token(let name): out += bindings[String(name)] ?? "@{\(name)}"
            }
        }
        return out
    }

    /// A piece of a text: literal text, or the name inside a `@{…}` token.
    enum Piece {
        case literal(Substring)
        case token(Substring)
    }

    /// Hands `visit` the pieces of `text` in order: a token runs from a `@{` to the next `}`, bytes compared (a
    /// `@{` without a `}` after it is literal text); the literal text between tokens, when there is some.
    static func forEachPiece(of text: String, _ visit: (Piece) -> Void) {
        let utf8 = text.utf8
        var literalStart = utf8.startIndex
        var i = utf8.startIndex
        while i < utf8.endIndex {
            guard utf8[i] == UInt8(ascii: "@") else {
                utf8.formIndex(after: &i)
                continue
            }
            let open = utf8.index(after: i)
            guard open < utf8.endIndex, utf8[open] == UInt8(ascii: "{") else {
                i = open
                continue
            }
            let nameStart = utf8.index(after: open)
            guard let close = utf8[nameStart...].firstIndex(of: UInt8(ascii: "}")) else { break }
            if literalStart < i { visit(.literal(text[literalStart..<i])) }
            visit(.token(text[nameStart..<close]))
            i = utf8.index(after: close)
            literalStart = i
        }
        if literalStart < utf8.endIndex { visit(.literal(text[literalStart...])) }
    }
}
