import SweepRunner
import Testing

@Suite("zpool status parsing")
struct ZPoolStatusTests {
    typealias Leaf = ZPoolStatus.Leaf

    @Test("zfs-fuse 0.7: mirror, log and cache leaves")
    func zfsFuse() throws {
        let pools = ZPoolStatus.parse(try fixture("zpool-status-zfs-fuse.txt"))
        #expect(
            pools == [
                ZPoolStatus(
                    name: "iosweep-x", state: "ONLINE",
                    leaves: [
                        Leaf(name: "loop0", section: "data", group: "mirror-0"),
                        Leaf(name: "loop1", section: "data", group: "mirror-0"),
                        Leaf(name: "loop2", section: "logs", group: nil),
                        Leaf(name: "loop3", section: "cache", group: nil),
                    ])
            ])
    }

    @Test("OpenZFS 2: two pools, by-id and partition leaves, spares, an unavailable device, status prose")
    func openZFS() throws {
        let pools = ZPoolStatus.parse(try fixture("zpool-status-openzfs.txt"))
        #expect(pools.map(\.name) == ["tank", "backup"])
        #expect(pools.map(\.state) == ["ONLINE", "DEGRADED"])
        #expect(
            pools.first?.leaves == [
                Leaf(name: "ata-WDC_WD40EFRX-68N32N0_WD-WCC1", section: "data", group: "raidz1-0"),
                Leaf(name: "/dev/sdc1", section: "data", group: "raidz1-0"),
                Leaf(name: "sdd", section: "data", group: "raidz1-0"),
                Leaf(name: "nvme0n1p1", section: "logs", group: "mirror-1"),
                Leaf(name: "nvme1n1p1", section: "logs", group: "mirror-1"),
                Leaf(name: "nvme2n1", section: "cache", group: nil),
                Leaf(name: "sde", section: "spares", group: nil),
            ])
        #expect(pools.last?.leaves.map(\.name) == ["sdf", "9876543210123456789"])
    }

    @Test("no pools, garbage")
    func empty() {
        #expect(ZPoolStatus.parse("no pools available\n").isEmpty)
        #expect(ZPoolStatus.parse("").isEmpty)
    }
}
