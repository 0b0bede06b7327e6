import Foundation
import SweepRecords
import SweepPlanner
import SweepRunner
import Testing

/// Collectors through the built binary: a missing program (exit 127) is reported, a missing required one or a
/// device that does not exist refuses before anything runs, and observing needs no entry in `disks`.
extension RunnerEndToEnd {
    @Suite struct CollectorObservation {
        /// A directory study writing into `data`, with `collectors` (YAML list items, indented by two).
        static func experiment(_ scratch: Scratch, data: String, collectors: [String], runtime: Int = 2) throws -> String {
            try Data(TestStudy.jobFile.utf8).write(to: URL(fileURLWithPath: scratch.root + "/workload.fio"))
            let path = scratch.root + "/observe.yaml"
            try Data(
                """
                experiment: observe
                workload:
                  fio:
                    job-file: workload.fio
                    directory: \(data)
                    size: 4M
                    runtime: \(runtime)
                collectors:
                \(collectors.map { "  - " + $0 }.joined(separator: "\n"))
                hooks:
                  before-run: [[mkdir, -p, \(data)]]
                  after-run: [[rm, -rf, \(data)]]
                results: one

                """.utf8
            ).write(to: URL(fileURLWithPath: path))
            return path
        }

        /// A directory holding symlinks to `programs` only (found on the usual PATH): a PATH without iostat.
        static func path(with programs: [String], in scratch: Scratch) throws -> String {
            let bin = scratch.root + "/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            for program in programs {
                let target = try LocalHost.resolve(program, path: RunOptions.defaultPath)
                try FileManager.default.createSymbolicLink(atPath: bin + "/" + program, withDestinationPath: target)
            }
            return bin
        }

        static func cellRecord(_ results: String) throws -> CellRecord {
            let data = try #require(FileManager.default.contents(atPath: results + "/one/cell.json"), "no published cell")
            return try JSONDecoder().decode(CellRecord.self, from: data)
        }

        @Test("a required collector whose program is not on PATH refuses in the preflight: exit 3, nothing run")
        func requiredProgramMissing() async throws {
            let scratch = try Scratch("no-iostat")
            defer { scratch.remove() }
            let experiment = try Self.experiment(scratch, data: scratch.root + "/data", collectors: ["iostat: { required: true }"])
            let bin = try Self.path(with: ["env", "fio", "mkdir", "rm"], in: scratch)
            let results = scratch.root + "/results"
            let run = try await IOSweepBinary.run(["run", experiment, "--results", results], in: scratch.root, environment: ["PATH": bin])
            #expect(run.termination == .exited(3), "\(run.termination): \(run.stderr)")
            #expect(run.stderr.contains("collector iostat-workload_device: program 'iostat' is not on PATH"), "\(run.stderr)")
            #expect(!RunState.journal(results).contains { $0.event == .runStarted }, "the run started")
            #expect(!FileManager.default.fileExists(atPath: scratch.root + "/data"), "a hook ran")
        }

        @Test("a collector whose program is missing (exit 127) is reported at run time, in the output and cell.json")
        func optionalProgramMissing() async throws {
            let scratch = try Scratch("no-iostat-ok")
            defer { scratch.remove() }
            let experiment = try Self.experiment(
                scratch, data: scratch.root + "/data", collectors: ["iostat", "command: { argv: [iosweep-no-such-program], name: probe }"])
            let bin = try Self.path(with: ["env", "fio", "mkdir", "rm"], in: scratch)
            let results = scratch.root + "/results"
            let run = try await IOSweepBinary.run(["run", experiment, "--results", results], in: scratch.root, environment: ["PATH": bin])
            #expect(run.termination == .exited(0), "\(run.termination): \(run.stderr)")
            #expect(run.stderr.contains("warning: collector iostat-workload_device: program 'iostat' is not on PATH"), "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "collector iostat-workload_device failed (not required): ended before the workload finished "
                        + "(exit 127): env: 'iostat': No such file or directory"), "\(run.stderr)")
            #expect(run.stderr.contains("collector probe failed (not required)"), "\(run.stderr)")
            let record = try Self.cellRecord(results)
            #expect(record.status == .ok)
            let iostat = try #require(record.collectors.first { $0.name == "iostat-workload_device" })
            #expect(iostat.status == .failed && iostat.exit == 127, "\(iostat)")
            #expect(iostat.reason?.contains("No such file or directory") == true, "\(iostat)")
            let probe = try #require(record.collectors.first { $0.name == "probe" })
            #expect(probe.status == .failed && probe.reason?.contains("iosweep-no-such-program") == true, "\(probe)")
            let finished = RunState.journal(results).filter { $0.event == .stepFinished && $0.kind == "collector" }
            #expect(finished.contains { $0.exit == 127 && $0.reason?.contains("No such file or directory") == true }, "\(finished)")
        }

        @Test("a device outside `disks` may be observed: validate and plan accept it, the plan samples it as written")
        func observeUnlistedDevice() async throws {
            let scratch = try Scratch("observe-vda")
            defer { scratch.remove() }
            let experiment = try Self.experiment(
                scratch, data: scratch.root + "/data", collectors: ["iostat: { devices: [vda] }", "diskstats: { devices: [vda] }"])
            let validate = try await IOSweepBinary.run(["validate", experiment], in: scratch.root)
            #expect(validate.termination == .exited(0), "\(validate.stdout) \(validate.stderr)")
            let plan = try await IOSweepBinary.run(["plan", experiment], in: scratch.root)
            #expect(plan.termination == .exited(0), "\(plan.stderr)")
            #expect(plan.stdout.contains("iostat -dxyt vda 1 > @{cell}/iostat-vda.txt &"), "\(plan.stdout)")
            #expect(plan.stdout.contains("iosweep sample-diskstats --interval 1 vda > @{cell}/diskstats.txt &"), "\(plan.stdout)")
            #expect(plan.stdout.contains("destroys: nothing"), "\(plan.stdout)")
        }

        @Test("without devices, a directory study's iostat and diskstats sample @{workload_device}, bound at run time")
        func workloadDeviceInPlan() async throws {
            let scratch = try Scratch("observe-default")
            defer { scratch.remove() }
            let experiment = try Self.experiment(scratch, data: "/srv/data", collectors: ["iostat", "diskstats: { interval: 1 }"])
            let plan = try await IOSweepBinary.run(["plan", experiment], in: scratch.root)
            #expect(plan.termination == .exited(0), "\(plan.stderr)")
            #expect(plan.stdout.contains("iostat -dxyt @{workload_device} 1 > @{cell}/iostat-workload_device.txt &"), "\(plan.stdout)")
            #expect(
                plan.stdout.contains("iosweep sample-diskstats --interval 1 @{workload_device} > @{cell}/diskstats.txt &"), "\(plan.stdout)"
            )
            let again = try await IOSweepBinary.run(["plan", experiment], in: scratch.root)
            #expect(again.stdout == plan.stdout, "the plan is deterministic")
        }

        @Test("a collector device that does not exist refuses in the preflight, naming it: exit 3, nothing run")
        func missingDevice() async throws {
            let scratch = try Scratch("observe-missing")
            defer { scratch.remove() }
            let experiment = try Self.experiment(
                scratch, data: scratch.root + "/data", collectors: ["iostat: { devices: [iosweep-no-such-disk] }"])
            let results = scratch.root + "/results"
            let run = try await IOSweepBinary.run(["run", experiment, "--results", results], in: scratch.root)
            #expect(run.termination == .exited(3), "\(run.termination): \(run.stderr)")
            #expect(
                run.stderr.contains(
                    "collector iostat-iosweep-no-such-disk: device iosweep-no-such-disk does not exist (/dev/iosweep-no-such-disk)"),
                "\(run.stderr)")
            #expect(!RunState.journal(results).contains { $0.event == .runStarted }, "the run started")
        }

        @Test(
            "a directory run on an ext4 loop mount: iostat and diskstats sample that loop device, recorded in cell.json",
            .needsLoopDevices)
        func samplesWorkloadDevice() async throws {
            try await withTestScope { scope in
                let image = scope.directory + "/ext4.img"
                try await scope.host.check(["truncate", "-s", "64M", image])
                let device = try await scope.attach(image)
                try await scope.host.check(["mkfs.ext4", "-q", "-F", device])
                let mountPoint = scope.directory + "/mnt"
                try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
                try await scope.host.check(["mount", device, mountPoint])
                scope.onTeardown(run: ["umount", "-l", mountPoint])

                let scratch = try Scratch("observe-loop")
                defer { scratch.remove() }
                let experiment = try Self.experiment(
                    scratch, data: mountPoint + "/data", collectors: ["iostat: { required: true }", "diskstats: { required: true }"],
                    runtime: 3)
                let results = scratch.root + "/results"
                let run = try await IOSweepBinary.run(["run", experiment, "--results", results], in: scratch.root)
                #expect(run.termination == .exited(0), "\(run.termination): \(run.stderr)")
                #expect(!run.stderr.contains("warning"), "\(run.stderr)")
                let loop = String(device.dropFirst("/dev/".count))
                let record = try Self.cellRecord(results)
                #expect(record.devices == ["workload_device": device], "\(String(describing: record.devices))")
                let iostat = IOSweepBinary.read(results + "/one/iostat-workload_device.txt")
                #expect(iostat.contains("\n\(loop) "), "iostat does not sample \(loop): \(iostat.prefix(400))")
                let diskstats = IOSweepBinary.read(results + "/one/diskstats.txt")
                let sampled = Set(
                    diskstats.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("@") }
                        .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first.map(String.init) })
                #expect(sampled == [loop], "diskstats sampled \(sampled)")
            }
        }
    }
}
