import Foundation
import SweepModel

/// The machine a run executed on, recorded in `iosweep-run.json`.
///
/// Read tolerantly: a fact that is missing or of another type is `nil` (empty for the host name and kernel), and
/// facts this version does not know are kept as text in ``other`` (shown, never written back).
public struct HostFacts: Hashable, Sendable, Codable {
    public var hostname: String
    public var kernel: String
    public var cpuModel: String?
    public var cpuCount: Int
    public var memoryBytes: Int64?
    public var fioVersion: String?
    public var sysstatVersion: String?
    public var zfsVersion: String?
    /// Facts of a newer version (or of a hand-edited file), by name, as text; `null` ones left out.
    public var other: [String: String]

    public init(
        hostname: String = "", kernel: String = "", cpuModel: String? = nil, cpuCount: Int = 0, memoryBytes: Int64? = nil,
        fioVersion: String? = nil, sysstatVersion: String? = nil, zfsVersion: String? = nil, other: [String: String] = [:]
    ) {
        self.hostname = hostname
        self.kernel = kernel
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.fioVersion = fioVersion
        self.sysstatVersion = sysstatVersion
        self.zfsVersion = zfsVersion
        self.other = other
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case hostname, kernel, cpuModel, cpuCount, memoryBytes, fioVersion, sysstatVersion, zfsVersion
    }

    public init(from decoder: any Decoder) throws {
        guard case .object(let object) = try JSONValue(from: decoder) else {
            self.init()
            return
        }
        func text(_ key: CodingKeys) -> String? { object[key.rawValue]?.stringValue }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        var other: [String: String] = [:]
        for member in object.members where !known.contains(member.key) && member.value != .null {
            other[member.key] = member.value.text
        }
        self.init(
            hostname: text(.hostname) ?? "", kernel: text(.kernel) ?? "", cpuModel: text(.cpuModel),
            cpuCount: object[CodingKeys.cpuCount.rawValue]?.intValue ?? 0,
            memoryBytes: object[CodingKeys.memoryBytes.rawValue]?.doubleValue.flatMap { Int64(exactly: $0) },
            fioVersion: text(.fioVersion), sysstatVersion: text(.sysstatVersion), zfsVersion: text(.zfsVersion), other: other)
    }
}
