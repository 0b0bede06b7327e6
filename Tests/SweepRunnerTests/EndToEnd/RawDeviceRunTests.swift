import Foundation
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner
import Testing

/// A raw-device workload (`workload.fio.devices`) on a real loop device the test makes: a writing one destroys
/// the device, so it is listed, confirmed and checked like a pool's devices before anything runs.
@Suite(.serialized) struct RawDeviceRunTests {
    /// An experiment with `disks: [DEVICE]` running fio with `rw` on it, written into `scope`'s directory.
    static func experiment(_ scope: TestScope, device: String, rw: String, wipe: Bool = false) throws -> String {
        let path = scope.directory + "/raw-\(rw)\(wipe ? "-wipe" : "").yaml"
        try """
        experiment: raw-\(scope.id)
        disks: [\(device)]
        wipe: \(wipe)
        workload:
          fio:
            job: |
              [raw]
              ioengine=psync
              direct=1
              time_based
            devices: ${disks}
            rw: \(rw)
            bs: 4k
            runtime: 1
        collectors:
          - iostat: { interval: 1 }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func iosweep(_ arguments: [String], _ scope: TestScope) async throws -> IOSweepBinary.Result {
        try await IOSweepBinary.run(arguments, in: scope.directory, timeout: 120)
    }

    @Test("a raw randwrite on a blank loop device: listed under destroys, refused without --yes, run with it", .needsLoopDevices)
    func writingWorkloadDestroysItsDevice() async throws {
        try await withTestScope { scope in
            try await scope.host.check(["truncate", "-s", "64M", scope.directory + "/blank.img"])
            let device = try await scope.attach(scope.directory + "/blank.img")
            let file = try Self.experiment(scope, device: device, rw: "randwrite")

            let plan = try await Self.iosweep(["plan", file], scope)
            #expect(plan.stdout.contains("destroys: \(device)\n"), "\(plan.stdout)")
            #expect(plan.stdout.contains("fio --filename=\(device) "), "\(plan.stdout)")

            let results = scope.directory + "/results"
            let unconfirmed = try await Self.iosweep(["run", file, "--results", results], scope)
            #expect(unconfirmed.termination == .exited(3), "\(unconfirmed.stderr)")
            #expect(unconfirmed.stderr.contains("pass --yes") && unconfirmed.stderr.contains(device), "\(unconfirmed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: results + "/journal.jsonl"))

            let confirmed = try await Self.iosweep(["run", file, "--results", results, "--yes"], scope)
            #expect(confirmed.termination == .exited(0), "\(confirmed.stderr)")
            let record = try #require(CellRecord.load(path: results + "/" + ResultPath.single + "/cell.json"))
            #expect(record.status == .ok, "\(record.reason ?? "")")
            #expect((record.metrics?.iops ?? 0) > 0)
            #expect(record.collectors.map(\.status) == [.ok], "iostat samples the raw device by default")
            let iostat = try String(
                contentsOfFile: results + "/" + ResultPath.single + "/iostat-\(BlockDeviceName.kernelName(device)).txt", encoding: .utf8)
            #expect(iostat.contains(BlockDeviceName.kernelName(device)), "\(iostat.prefix(400))")
        }
    }

    @Test("a raw randread destroys nothing: no confirmation asked, the device is only read", .needsLoopDevices)
    func readingWorkloadDestroysNothing() async throws {
        try await withTestScope { scope in
            try await scope.host.check(["truncate", "-s", "64M", scope.directory + "/read.img"])
            let device = try await scope.attach(scope.directory + "/read.img")
            try await scope.host.check(["mkfs.ext4", "-q", "-F", device])
            let file = try Self.experiment(scope, device: device, rw: "randread")
            let plan = try await Self.iosweep(["plan", file], scope)
            #expect(plan.stdout.contains("destroys: nothing"), "\(plan.stdout)")
            let run = try await Self.iosweep(["run", file, "--results", scope.directory + "/results"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let probe = try await scope.host.check(["blkid", "-p", "-o", "value", "-s", "TYPE", device])
            #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ext4", "the signature is still there")
        }
    }

    @Test("a writing raw workload on a mounted or ext4-signed device is refused with exit 3 before anything runs", .needsLoopDevices)
    func unsafeDevicesAreRefused() async throws {
        try await withTestScope { scope in
            try await scope.host.check(["truncate", "-s", "64M", scope.directory + "/signed.img"])
            let device = try await scope.attach(scope.directory + "/signed.img")
            try await scope.host.check(["mkfs.ext4", "-q", "-F", device])
            let name = BlockDeviceName.kernelName(device)

            let signed = try await Self.iosweep(["run", try Self.experiment(scope, device: device, rw: "write"), "--yes"], scope)
            #expect(signed.termination == .exited(3), "\(signed.stderr)")
            #expect(signed.stderr.contains("refusing /dev/\(name): carries ext4"), "\(signed.stderr)")

            let mountpoint = scope.directory + "/mnt"
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
            try await scope.host.check(["mount", device, mountpoint])
            scope.onTeardown(run: ["umount", mountpoint])
            let wiping = try Self.experiment(scope, device: device, rw: "randrw", wipe: true)
            let mounted = try await Self.iosweep(["run", wiping, "--yes", "--results", scope.directory + "/mounted"], scope)
            #expect(mounted.termination == .exited(3), "\(mounted.stderr)")
            #expect(mounted.stderr.contains("refusing /dev/\(name): mounted at \(mountpoint)"), "\(mounted.stderr)")
            // With --yes the checks run once the run directory exists, before any step.
            #expect(!RunState.journal(scope.directory + "/mounted").contains { $0.event == .stepStarted })
            try await scope.host.check(["umount", mountpoint])
            let probe = try await scope.host.check(["blkid", "-p", "-o", "value", "-s", "TYPE", device])
            #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ext4", "nothing was written")
        }
    }
}
