import SweepModel

/// One combination of the matrix before steps are attached: its id and its values.
struct MatrixPoint: Hashable, Sendable {
    /// ``CellIdentifier`` of the defining values.
    var id: String
    /// Axis values in axis order, then extra `include` keys, then `repeat`.
    var values: Settings
}

/// Builds readable, stable, file-system-safe cell ids: `ndisks=2,numjobs=32,repeat=1`.
///
/// The id is used as a directory name (`.partial/<id>`), so characters outside `A–Z a–z 0–9 . _ + -`
/// in a value become `_`, and list values join their items with `+`.
enum CellIdentifier {
    static func make(_ pairs: some Sequence<(name: String, value: Value)>) -> String {
        var id = ""
        for (name, value) in pairs {
            if !id.isEmpty { id += "," }
            id += name
            id += "="
            id += safe(value)
        }
        return id
    }

    private static func safe(_ value: Value) -> String {
        if case .list(let items) = value { return items.map(safe).joined(separator: "+") }
        let text = value.text
        guard text.utf8.contains(where: { !isSafe($0) }) else { return text }
        return String(decoding: text.utf8.map { isSafe($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }

    private static func isSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"),
            UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

extension Value {
    /// Loose equality used to match `include` / `exclude` / `--only` against cell values: equal values,
    /// or equal text (`8` matches `"8"`, as a YAML author would expect).
    func matches(_ other: Value) -> Bool { self == other || text == other.text }
}
