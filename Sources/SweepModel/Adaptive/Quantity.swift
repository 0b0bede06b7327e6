import Foundation

/// A threshold written with its unit in a rule: `5%`, `2ms`, `500us`, `400MiB/s`, or a plain number in the
/// metric's own unit (`1000` IO/s).
///
/// The value is kept in one base unit per kind (percent, nanoseconds, bytes per second), so `2ms` and `2000us` are
/// the same quantity, with the same ``description`` (its canonical text) and the same fingerprint.
public struct Quantity: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// `5%`: ``value`` is the percentage (5).
        case percent
        /// `2ms`: ``value`` is nanoseconds.
        case duration
        /// `400MiB/s`: ``value`` is bytes per second.
        case bandwidth
        /// `1000`: in the unit of the metric it is compared with.
        case number
    }

    public var kind: Kind
    public var value: Double

    public init(kind: Kind, value: Double) {
        self.kind = kind
        self.value = value
    }

    /// The suffixes a quantity may carry and what one of each is in the kind's base unit.
    static let units: [(suffix: String, kind: Kind, factor: Double)] = [
        ("%", .percent, 1),
        ("ns", .duration, 1), ("us", .duration, 1e3), ("µs", .duration, 1e3), ("ms", .duration, 1e6), ("s", .duration, 1e9),
        ("B/s", .bandwidth, 1), ("KiB/s", .bandwidth, 1024), ("MiB/s", .bandwidth, 1_048_576),
        ("GiB/s", .bandwidth, 1_073_741_824), ("kB/s", .bandwidth, 1e3), ("KB/s", .bandwidth, 1e3), ("MB/s", .bandwidth, 1e6),
        ("GB/s", .bandwidth, 1e9),
    ]

    /// The units written in hints.
    public static let unitList = "%, ns, us, ms, s, B/s, KiB/s, MiB/s, GiB/s, kB/s, MB/s, GB/s"

    /// Parses `5%`, `2 ms`, `0.5s`, `1000`: digits with at most one `.`, optional spaces, then a unit. `nil` for
    /// anything else, including signs, exponents, `nan`, `inf` and numbers too large to be a threshold (> 10¹⁸).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 30, digits.filter({ $0 == "." }).count <= 1, digits.first != ".",
            digits.last != ".", let number = Double(digits), number.isFinite, number <= 1e18
        else { return nil }
        if unit.isEmpty {
            self.init(kind: .number, value: number)
            return
        }
        guard let match = Self.units.first(where: { $0.suffix == unit }) else { return nil }
        self.init(kind: match.kind, value: number * match.factor)
    }

    /// The canonical text: a duration in the largest unit it reaches (`2ms`, `500us`), a bandwidth in binary units.
    public var description: String {
        switch kind {
        case .percent: return Self.number(value) + "%"
        case .number: return Self.number(value)
        case .duration:
            for (suffix, factor) in [("s", 1e9), ("ms", 1e6), ("us", 1e3)] where value >= factor {
                return Self.number(value / factor) + suffix
            }
            return Self.number(value) + "ns"
        case .bandwidth:
            for (suffix, factor) in [("GiB/s", 1_073_741_824.0), ("MiB/s", 1_048_576), ("KiB/s", 1024)] where value >= factor {
                return Self.number(value / factor) + suffix
            }
            return Self.number(value) + "B/s"
        }
    }

    /// A number without a trailing `.0` and with at most 6 decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let quantity = Quantity(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a quantity: \(text)"))
        }
        self = quantity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
