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
        guard text.contains("@{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "@{") {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else {
                out += rest[start.lowerBound...]
                return out
            }
            let name = String(rest[start.upperBound..<close])
            out += bindings[name] ?? "@{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
