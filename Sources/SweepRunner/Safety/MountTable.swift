/// Mounts as `/proc/self/mountinfo` lists them.
package struct MountTable: Hashable, Sendable {
    package struct Mount: Hashable, Sendable {
        /// `major:minor` of the mounted device (`7:3`; `0:…` for FUSE and virtual file systems).
        package var device: String
        package var mountPoint: String
        package var fileSystem: String
        /// The mount source (`/dev/loop3`, `tank/dozer`, `tmpfs`).
        package var source: String

        package init(device: String, mountPoint: String, fileSystem: String, source: String) {
            self.device = device
            self.mountPoint = mountPoint
            self.fileSystem = fileSystem
            self.source = source
        }
    }

    package var mounts: [Mount]

    /// Parses mountinfo lines: `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPER`.
    /// Octal escapes (`\040` for a space) in paths are decoded; malformed lines are skipped.
    package static func parse(_ text: String) -> MountTable {
        var mounts: [Mount] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count else { continue }
            mounts.append(
                Mount(
                    device: fields[2], mountPoint: unescape(fields[4]), fileSystem: fields[dash + 1],
                    source: unescape(fields[dash + 2])))
        }
        return MountTable(mounts: mounts)
    }

    /// Decodes the kernel's `\ooo` octal escapes.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "\\"), utf8.count >= 4,
                let code = UInt8(String(decoding: utf8.dropFirst().prefix(3), as: UTF8.self), radix: 8)
            {
                bytes.append(code)
                utf8 = utf8.dropFirst(4)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
