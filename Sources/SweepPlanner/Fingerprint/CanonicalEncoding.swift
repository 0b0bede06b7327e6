/// An unambiguous byte encoding of plan values for hashing: every string is length-prefixed,
/// every optional and enum is tagged, so no two different step lists encode to the same bytes.
///
/// Version 1 layout: `u64le(len) utf8` per string, `u8` tags, `u64le` bit patterns for numbers.
/// Changing it changes every fingerprint (and makes every finished cell stale), so it is versioned.
struct CanonicalEncoding {
    static let version = "iosweep-fingerprint/1"

    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(2048) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// Makes room for `count` bytes in all.
    mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            append(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(tag: UInt8) { bytes.append(tag) }

    /// The encoding of the string of `raw`'s lowercase hex digits (`u64le(2 × count)`, the digits), as
    /// ``append(_:)-(String)`` writes ``Fingerprinter/hex(_:)`` of a digest, without making the string.
    mutating func append(hexOf raw: UnsafeRawBufferPointer) {
        append(UInt64(raw.count * 2))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count * 2) { hex in
            for (i, byte) in raw.enumerated() { (hex[2 * i], hex[2 * i + 1]) = Fingerprinter.hexDigits(byte) }
            bytes.append(contentsOf: UnsafeBufferPointer(hex))
        }
    }

    /// Raw bytes of a fixed length (a digest).
    mutating func append(bytes raw: [UInt8]) { bytes.append(contentsOf: raw) }

    mutating func append(_ text: String?) {
        if let text { append(tag: 1); append(text) } else { append(tag: 0) }
    }

    mutating func append(_ value: Double?) {
        if let value { append(tag: 1); append(value.bitPattern) } else { append(tag: 0) }
    }

    mutating func append(_ step: Step) {
        append(step.kind.rawValue)
        append(UInt64(step.argv.count))
        for word in step.argv { append(word) }
        switch step.resource {
        case nil: append(tag: 0)
        case .pool(let name): append(tag: 1); append(name)
        case .dataset(let name): append(tag: 2); append(name)
        case .filesystem(let mountpoint): append(tag: 3); append(mountpoint)
        }
        append(step.stdout)
        append(step.timeout)
        if let role = step.collector {
            append(tag: 1)
            append(role.name)
            append(tag: role.required ? 1 : 0)
            append(role.stopSignal)
        } else {
            append(tag: 0)
        }
        // Steps on the controller without inputs encode as before hosts existed: their fingerprints stay.
        if step.host != nil || step.inputs != nil {
            append(tag: 1)
            append(step.host)
            append(UInt64(step.inputs?.count ?? 0))
            for file in step.inputs ?? [] {
                append(file.name)
                append(file.content)
            }
        }
    }

    mutating func append(_ steps: [Step]) {
        append(UInt64(steps.count))
        for step in steps { append(step) }
    }
}
