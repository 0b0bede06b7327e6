import Foundation

/// A partition table or file system signature found on a device (`wipefs --no-act --json`).
package struct DiskSignature: Hashable, Sendable {
    /// `ext4`, `swap`, `zfs_member`, `dos`, `gpt`, …
    package var type: String
    /// The file system or pool label, if any.
    package var label: String?

    package init(type: String, label: String? = nil) {
        self.type = type
        self.label = label
    }

    /// The argv that lists `device`'s signatures without changing anything.
    package static func probeArgv(_ devicePath: String) -> [String] {
        ["wipefs", "--no-act", "--json", "--output", "TYPE,LABEL", devicePath]
    }

    /// Parses `wipefs --json` output into distinct signatures, in order (ZFS labels repeat many times).
    package static func parse(_ json: String) throws -> [DiskSignature] {
        struct Document: Decodable {
            struct Entry: Decodable {
                var type: String?
                var label: String?
            }
            var signatures: [Entry]
        }
        guard !json.trimmingWhitespace.isEmpty else { return [] }
        var seen: [DiskSignature] = []
        for entry in try JSONDecoder().decode(Document.self, from: Data(json.utf8)).signatures {
            let label = entry.label.flatMap { $0.isEmpty ? nil : $0 }
            let signature = DiskSignature(type: entry.type ?? "unknown", label: label)
            if !seen.contains(signature) { seen.append(signature) }
        }
        return seen
    }
}

extension DiskSignature: CustomStringConvertible {
    package var description: String { label.map { "\(type) \"\($0)\"" } ?? type }
}
