/// Active swap areas as `/proc/swaps` lists them.
package enum SwapTable {
    /// The `Filename` column of `/proc/swaps` (header skipped, `\040` escapes decoded).
    package static func parse(_ text: String) -> [String] {
        text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { MountTable.unescape(String($0)) }
        }
    }
}
