import Crypto
import SweepModel

/// Computes cell and plan fingerprints: SHA-256 (swift-crypto) over a ``CanonicalEncoding``.
///
/// A cell's fingerprint covers its id, the steps that build its environment (group setup and teardown),
/// its own steps, and the SHA-256 of every frozen file. Placeholders (`@{run}`, `@{cell}`, `@{scratch0}`)
/// are hashed as written, so the run id and the loop device behind a scratch disk never change it, and
/// nothing about other cells (their number, order or position) enters it.
struct Fingerprinter {
    private var encoding = CanonicalEncoding()
    /// The encoding before a cell's id: the version and `"cell"`.
    private let cellPrefix: [UInt8]
    /// The encoding after a cell's steps digest: `name`, `sha256(content)` of every frozen file, in plan order.
    private let cellSuffix: [UInt8]
    /// The encoding of the adaptive rules, after the suffix of a cell they govern.
    private let rulesSuffix: [UInt8]

    init(files: [PlanFile], hosts: [StudyHost] = [], rules: AdaptiveRules? = nil) {
        var rulesEncoding = CanonicalEncoding()
        if let rules {
            rulesEncoding.append("rules")
            rulesEncoding.append(rules.canonicalText)
        }
        rulesSuffix = rulesEncoding.bytes
        var prefix = CanonicalEncoding()
        prefix.append(CanonicalEncoding.version)
        prefix.append("cell")
        cellPrefix = prefix.bytes
        var suffix = CanonicalEncoding()
        suffix.append(UInt64(files.count))
        for file in files {
            suffix.append(file.name)
            suffix.append(Self.hex(SHA256.hash(data: Array(file.content.utf8))))
        }
        // What identifies the hosts a cell runs on: name, address and fio port — not how ssh reaches them (a key
        // path, a user) — so that a study moved to other machines runs again. None for a study on one machine.
        if !hosts.isEmpty {
            suffix.append("hosts")
            suffix.append(UInt64(hosts.count))
            for host in hosts {
                suffix.append(host.name)
                suffix.append(host.fioAddress)
                suffix.append(UInt64(host.port))
            }
        }
        cellSuffix = suffix.bytes
    }

    /// SHA-256 of `bytes` (a ``CanonicalEncoding`` of a cell's group setup, steps and group teardown).
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// `SHA-256(version, "cell", id, SHA-256(setup, steps, teardown), files[, hosts][, rules])`, whose ``hex(_:)``
    /// is the cell's fingerprint: cells with equal steps hash their steps once; the adaptive rules only in the
    /// fingerprint of a cell they `governed`.
    mutating func cellDigest(id: String, stepsDigest: [UInt8], governed: Bool = false) -> SHA256.Digest {
        // Fed piece by piece through buffer pointers (not through DataProtocol's generic path), the parts made once
        // as they are: only the id is encoded per cell (a million cells).
        var hasher = SHA256()
        cellPrefix.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        encoding.reset()
        encoding.append(id)
        encoding.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        stepsDigest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        cellSuffix.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        if governed { rulesSuffix.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return hasher.finalize()
    }

    /// The size of a cell fingerprint's ``CanonicalEncoding`` (``CanonicalEncoding/append(hexOf:)`` of its digest):
    /// the length, then the 64 hex digits.
    static let encodedSize = 8 + 2 * SHA256.byteCount

    /// `SHA-256(version, "plan", setup, teardown, count, every cell fingerprint)`, the cells' fingerprints given in
    /// their encoding (``encodedSize`` bytes each), run after run of cells in order: made by the threads that
    /// planned them, instead of a pass over the plan's cells, and hashed as they are.
    mutating func plan(setup: [Step], teardown: [Step], fingerprints: [[UInt8]]) -> String {
        encoding.reset()
        encoding.append(CanonicalEncoding.version)
        encoding.append("plan")
        encoding.append(setup)
        encoding.append(teardown)
        encoding.append(UInt64(fingerprints.reduce(0) { $0 + $1.count } / Self.encodedSize))
        var hasher = SHA256()
        encoding.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        for run in fingerprints { run.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return Self.hex(hasher.finalize())
    }

    /// The hex digits of a byte, high then low (computed, not read from a table that every thread would share).
    @inline(__always)
    static func hexDigits(_ byte: UInt8) -> (UInt8, UInt8) { (hexDigit(byte >> 4), hexDigit(byte & 0x0F)) }

    /// The lowercase hex digit of `nibble` (0…15).
    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble }

    static func hex(_ digest: SHA256.Digest) -> String {
        // Through its bytes in place: iterating the digest makes an array of them.
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
                var i = 0
                for byte in bytes {
                    (buffer[i], buffer[i + 1]) = hexDigits(byte)
                    i += 2
                }
                return i
            }
        }
    }
}
