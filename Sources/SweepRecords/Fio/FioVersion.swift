/// A fio version as printed in `"fio version"` (`fio-3.33`, `fio-3.0-39-gba87`, `fio-2.2.10`).
public struct FioVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The text as printed.
    public var text: String

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.text = "fio-\(major).\(minor)" + (patch == 0 ? "" : ".\(patch)")
    }

    /// Parses `fio-3.0-39-gba87` and the like; `nil` if no `major.minor` can be found.
    public init?(_ text: String) {
        let trimmed = text.hasPrefix("fio-") ? text.dropFirst(4) : Substring(text)
        let numbers = trimmed.prefix(while: { $0.isNumber || $0 == "." }).split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers.count > 2 ? numbers[2] : 0
        self.text = text
    }

    public static func < (lhs: FioVersion, rhs: FioVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public static func == (lhs: FioVersion, rhs: FioVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public var description: String { text }
}
