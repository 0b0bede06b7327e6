import Foundation
@testable import SweepRunner
import Testing

@Suite("the device under a workload directory")
struct WorkloadDeviceTests {
    static let mountinfo = """
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
        40 27 7:5 / /mnt/data rw,relatime - ext4 /dev/loop5 rw
        41 27 254:1 / /mnt/data\\040two rw,relatime - ext4 /dev/vda1 rw
        42 27 0:35 / /var/lib/overlay rw,relatime shared:9 - overlay overlay rw,lowerdir=/a
        43 40 0:36 / /mnt/data/tmp rw,relatime - tmpfs tmpfs rw

        """

    /// A `/sys/dev/block` with the links the kernel makes for `majorMinor` → `name`.
    static func sysBlock(_ links: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "iosweep-sysblock-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (majorMinor, name) in links {
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/" + majorMinor, withDestinationPath: "../../devices/virtual/block/" + name)
        }
        return directory
    }

    @Test("the longest mount-point prefix gives major:minor, /sys/dev/block the name; partitions stay partitions")
    func resolves() throws {
        let sys = try Self.sysBlock(["254:0": "vda", "7:5": "loop5", "254:1": "vda1"])
        defer { try? FileManager.default.removeItem(atPath: sys) }
        func resolve(_ path: String) -> WorkloadDevice.Resolution {
            WorkloadDevice.lookup(path, mountinfo: Self.mountinfo, sysBlock: sys)
        }
        #expect(resolve("/mnt/data/not/yet/made") == .device("loop5"))
        #expect(resolve("/mnt/database") == .device("vda"), "a prefix of the name is not a parent directory")
        #expect(resolve("/mnt/data two/x") == .device("vda1"))
        #expect(resolve("/srv") == .device("vda"))
        #expect(resolve("/mnt/data/tmp/x") == .none(reason: "/mnt/data/tmp/x is on tmpfs (tmpfs), which has no block device"))
        #expect(resolve("/var/lib/overlay") == .none(reason: "/var/lib/overlay is on overlay (overlay), which has no block device"))
    }
}
