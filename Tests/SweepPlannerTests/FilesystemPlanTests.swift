import Foundation
import SweepModel
import SweepPlanner
import Testing

/// `filesystem:` targets, planned: mkfs with the run's label on declared devices, mount, records, umount.
@Suite struct FilesystemPlanTests {
    static func load(_ yaml: String) throws(DiagnosticList) -> Experiment {
        try ExperimentLoader.load(yaml: yaml, file: "fs.yaml", directory: "/").experiment
    }

    static func study(_ filesystem: String, disks: String = "[sdb, sdc]", extra: String = "") -> String {
        """
        experiment: fs
        disks: \(disks)
        matrix:
          fs: [ext4, xfs, btrfs]
        filesystem:
        \(filesystem)
        \(extra)
        workload:
          fio: { job: "[j]", directory: "${mountpoint}", rw: write, runtime: 1 }
        results: ${fs}
        """
    }

    static func argv(_ steps: [Step]) -> [String] { steps.map { $0.argv.joined(separator: " ") } }

    @Test("each type: mkfs with the label placeholder, mount --mkdir, the type's records, umount; the devices are destroyed")
    func stepsPerType() throws {
        let plan = try Planner(baseDirectory: "/").plan(
            try Self.load(Self.study("  type: ${fs}\n  devices: ${disks[:1]}\n  mount-options: [noatime, nobarrier]")))
        #expect(plan.destroys == ["sdb"])
        let groups = Dictionary(uniqueKeysWithValues: plan.groups.map { ($0.cells[0].id, $0) })
        #expect(
            Self.argv(try #require(groups["fs=ext4"]).setup) == [
                "mkfs.ext4 -F -q -L @{label} /dev/sdb", "mount --mkdir -o noatime,nobarrier /dev/sdb @{results}/.mnt",
            ])
        #expect(Self.argv(try #require(groups["fs=xfs"]).setup).first == "mkfs.xfs -f -q -L @{label} /dev/sdb")
        #expect(Self.argv(try #require(groups["fs=btrfs"]).teardown) == ["umount @{results}/.mnt"])
        #expect(try #require(groups["fs=xfs"]).setup[1].resource == .filesystem("@{results}/.mnt"))
        let records = try #require(groups["fs=btrfs"]).cells[0].steps.filter { $0.kind == .record }.compactMap(\.stdout)
        #expect(records == ["mount.txt", "blkid.txt", "btrfs-show.txt"])
        let fio = plan.cells[0].steps.first { $0.kind == .workload }?.argv ?? []
        #expect(fio.contains("--directory=@{results}/.mnt"))
        let experiment = try Self.load(
            Self.study("  type: ${fs}\n  devices: ${disks[:1]}\n  mkfs-options: [-m, crc=1]\n  recreate: per-group"))
        #expect(try Self.load(experiment.yaml()) == experiment, "exported and loaded back: the same experiment")
    }

    @Test("btrfs spans several devices; ext4 and xfs take one, per cell; an unknown type is an error naming the cell")
    func deviceCountsAndTypes() throws {
        let several = try Self.load(Self.study("  type: ${fs}\n  devices: ${disks}"))
        do {
            _ = try Planner(baseDirectory: "/").plan(several)
            Issue.record("planned")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages.contains("ext4 is made on one device, not 2 (cell fs=ext4)"), "\(messages)")
            #expect(!messages.contains { $0.contains("btrfs") })
        }
        let unknown = try Self.load(
            Self.study("  type: ${fs}\n  devices: [sdb]").replacingOccurrences(of: "[ext4, xfs, btrfs]", with: "[ext4, zfs]"))
        do {
            _ = try Planner(baseDirectory: "/").plan(unknown)
            Issue.record("planned")
        } catch {
            #expect(error.diagnostics.contains { $0.message == "file system type 'zfs' of cell fs=zfs is not one iosweep makes" })
        }
        do {
            _ = try Self.load(Self.study("  type: ext5\n  devices: [sdz]"))
            Issue.record("loaded")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages.contains("file system type 'ext5' is not one iosweep makes"), "\(messages)")
            #expect(messages.contains("device 'sdz' is not listed in disks"), "\(messages)")
        }
    }

    @Test(
        "a mount point over a system directory, or not a plain absolute path, is a located error",
        arguments: [
            ("/etc", "is a system directory"), ("/usr/local/x", "is a system directory"), ("/mnt/../etc", "is not a plain absolute path"),
        ])
    func systemMountpoints(_ mountpoint: String, _ problem: String) throws {
        do {
            _ = try Self.load(Self.study("  type: ${fs}\n  devices: [sdb]\n  mountpoint: \(mountpoint)"))
            Issue.record("loaded")
        } catch {
            let found = error.diagnostics.first { $0.message == "mount point '\(mountpoint)' \(problem)" }
            #expect(found?.location?.line == 8, "\(error.diagnostics.map(\.message))")
        }
        #expect(try Self.load(Self.study("  type: ${fs}\n  devices: [sdb]\n  mountpoint: /mnt/bench")).filesystem != nil)
    }

    @Test("one target per cell: a pool and a file system chosen by when:, or an error")
    func oneTargetPerCell() throws {
        let pool = "pool:\n  name: tank\n  vdevs: ${disks[:1]}\n  when: ${fs == 'zfs'}"
        let study = Self.study("  type: ${fs}\n  devices: ${disks[:1]}\n  when: ${fs != 'zfs'}", extra: pool)
            .replacingOccurrences(of: "[ext4, xfs, btrfs]", with: "[ext4, zfs]")
        let plan = try Planner(baseDirectory: "/").plan(try Self.load(study))
        #expect(plan.groups.map { $0.setup.first?.argv.first ?? "" } == ["mkfs.ext4", "zpool"])
        let both = study.replacingOccurrences(of: "  when: ${fs != 'zfs'}", with: "  when: true")
        do {
            _ = try Planner(baseDirectory: "/").plan(try Self.load(both))
            Issue.record("planned")
        } catch {
            #expect(error.diagnostics.contains { $0.message == "cell fs=zfs has two targets, the pool and the file system" })
        }
        do {
            _ = try Self.load(
                both.replacingOccurrences(of: "  when: ${fs == 'zfs'}", with: "").replacingOccurrences(of: "  when: true", with: ""))
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.message.hasPrefix("a cell has one target") })
        }
    }
}
