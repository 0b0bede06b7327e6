import Crypto

/// Computes cell and plan fingerprints: SHA-256 (swift-crypto) over a ``CanonicalEncoding``.
///
/// A cell's fingerprint covers its id, the steps that build its environment (group setup and teardown),
/// its own steps, and the SHA-256 of every frozen file. Placeholders (`@{run}`, `@{cell}`, `@{scratch0}`)
/// are hashed as written, so the run id and the loop device behind a scratch disk never change it, and
/// nothing about other cells (their number, order or position) enters it.
struct Fingerprinter {
    private var encoding = CanonicalEncoding()
    /// `name`, `sha256(content)` of every frozen file, in plan order.
    private let fileDigests: [(name: String, digest: String)]

    init(files: [PlanFile]) {
        fileDigests = files.map { ($0.name, Self.hex(SHA256.hash(data: Array($0.content.utf8)))) }
    }

    /// SHA-256 of `bytes` (a ``CanonicalEncoding`` of a cell's group setup, steps and group teardown).
    static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// `SHA-256(version, "cell", id, SHA-256(setup, steps, teardown), files)`: cells with equal steps hash
    /// their steps once.
    mutating func cell(id: String, stepsDigest: [UInt8]) -> String {
        encoding.reset()
        encoding.append(CanonicalEncoding.version)
        encoding.append("cell")
        encoding.append(id)
        encoding.append(bytes: stepsDigest)
        encoding.append(UInt64(fileDigests.count))
        for file in fileDigests {
            encoding.append(file.name)
            encoding.append(file.digest)
        }
        return Self.hex(SHA256.hash(data: encoding.bytes))
    }

    mutating func plan(setup: [Step], teardown: [Step], cellFingerprints: [String]) -> String {
        encoding.reset()
        encoding.append(CanonicalEncoding.version)
        encoding.append("plan")
        encoding.append(setup)
        encoding.append(teardown)
        encoding.append(UInt64(cellFingerprints.count))
        for f in cellFingerprints { encoding.append(f) }
        return Self.hex(SHA256.hash(data: encoding.bytes))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: SHA256.Digest.byteCount * 2) { buffer in
            var i = 0
            for byte in digest {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0x0F)]
                i += 2
            }
            return i
        }
    }
}
