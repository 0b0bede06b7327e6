/// The label every file system a run makes carries (`mkfs.TYPE -L @{label}`): the run's marker, as
/// `iosweep:run=` is a pool's. Eleven characters, within every type's limit (xfs takes 12, ext4 16).
package enum FilesystemLabel {
    /// `iosw-` and the run id's random suffix (`20261202T125250Z-a1b2c3` → `iosw-a1b2c3`); a run id without a
    /// hexadecimal suffix (a hand-written manifest) gives six hexadecimal digits of its hash, so a label is always
    /// one word of safe characters.
    package static func of(runID: String) -> String {
        let suffix = runID.suffix(6)
        if suffix.count == 6, suffix.allSatisfy(\.isHexDigit), suffix.allSatisfy(\.isASCII) { return "iosw-" + suffix.lowercased() }
        // FNV-1a: stable across processes, unlike Hasher.
        var hash: UInt32 = 2_166_136_261
        for byte in runID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash & 0xFF_FFFF, radix: 16)
        return "iosw-" + String(repeating: "0", count: 6 - hex.count) + hex
    }
}
