/// The column layouts of `iostat -x` text, for files written without header lines.
///
/// A file's own `Device` header always wins; a layout is only needed for header-less files (the seed's
/// `iostat -dxy 1 | grep sdb`), where it is inferred from the number of values per line unless given.
public enum IostatLayout: String, Sendable, CaseIterable, Codable {
    /// sysstat ≤ 11.4 (`Device: rrqm/s wrqm/s r/s w/s rkB/s wkB/s avgrq-sz avgqu-sz await r_await w_await svctm %util`).
    case sysstat11
    /// sysstat 11.5.7 – 12.0: new names, with `svctm`.
    case sysstat11_5
    /// sysstat 12.1.2 – 12.2: discard columns added, `svctm` removed.
    case sysstat12_1
    /// sysstat ≥ 12.3.1: flush columns added.
    case sysstat12_3

    /// The value columns, device column excluded.
    public var columns: [String] {
        switch self {
        case .sysstat11:
            [
                "rrqm/s", "wrqm/s", "r/s", "w/s", "rkB/s", "wkB/s", "avgrq-sz", "avgqu-sz", "await", "r_await", "w_await",
                "svctm", "%util",
            ]
        case .sysstat11_5:
            [
                "r/s", "w/s", "rkB/s", "wkB/s", "rrqm/s", "wrqm/s", "%rrqm", "%wrqm", "r_await", "w_await", "aqu-sz",
                "rareq-sz", "wareq-sz", "svctm", "%util",
            ]
        case .sysstat12_1:
            [
                "r/s", "rkB/s", "rrqm/s", "%rrqm", "r_await", "rareq-sz", "w/s", "wkB/s", "wrqm/s", "%wrqm", "w_await",
                "wareq-sz", "d/s", "dkB/s", "drqm/s", "%drqm", "d_await", "dareq-sz", "aqu-sz", "%util",
            ]
        case .sysstat12_3:
            [
                "r/s", "rkB/s", "rrqm/s", "%rrqm", "r_await", "rareq-sz", "w/s", "wkB/s", "wrqm/s", "%wrqm", "w_await",
                "wareq-sz", "d/s", "dkB/s", "drqm/s", "%drqm", "d_await", "dareq-sz", "f/s", "f_await", "aqu-sz", "%util",
            ]
        }
    }

    /// The layout with `count` value columns, if exactly one has that many.
    public static func inferred(valueCount count: Int) -> IostatLayout? {
        allCases.first { $0.columns.count == count }
    }
}
