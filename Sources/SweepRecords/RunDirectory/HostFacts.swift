import Foundation

/// The machine a run executed on, recorded in `iosweep-run.json`.
public struct HostFacts: Hashable, Sendable, Codable {
    public var hostname: String
    public var kernel: String
    public var cpuModel: String?
    public var cpuCount: Int
    public var memoryBytes: Int64?
    public var fioVersion: String?
    public var sysstatVersion: String?
    public var zfsVersion: String?

    public init(
        hostname: String, kernel: String, cpuModel: String?, cpuCount: Int, memoryBytes: Int64?,
        fioVersion: String?, sysstatVersion: String?, zfsVersion: String?
    ) {
        self.hostname = hostname
        self.kernel = kernel
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.fioVersion = fioVersion
        self.sysstatVersion = sysstatVersion
        self.zfsVersion = zfsVersion
    }
}
