import Foundation
import SweepRecords
import SweepRunner
import Testing

@Suite struct OutputFormatTests {
    @Test("Timestamps are UTC ISO 8601 with milliseconds")
    func timestamps() {
        #expect(Timestamp(seconds: 1_795_766_400.123_9).iso8601 == "2026-11-27T08:00:00.123Z")
        #expect(Timestamp(seconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(seconds: 1_795_766_400.5).compact == "20261127T080000Z")
    }

    @Test("The headline skips text before the fio document and weights latency by I/O count")
    func headline() throws {
        let json = """
            note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1
            {
              "fio version" : "fio-3.33",
              "jobs" : [
                { "error" : 0,
                  "read" : { "iops" : 100.0, "total_ios" : 100, "lat_ns" : { "mean" : 1000.0 } },
                  "write" : { "iops" : 300.0, "total_ios" : 300, "lat_ns" : { "mean" : 5000.0 } },
                  "trim" : { "iops" : 0.0, "total_ios" : 0, "lat_ns" : { "mean" : 0.0 } } },
                { "error" : 2,
                  "read" : { "iops" : 0.0, "total_ios" : 0, "lat_ns" : { "mean" : 0.0 } },
                  "write" : { "iops" : 0.0, "total_ios" : 0, "lat_ns" : { "mean" : 0.0 } },
                  "trim" : { "iops" : 0.0, "total_ios" : 0, "lat_ns" : { "mean" : 0.0 } } }
              ]
            }
            fio: pid=12, err=2/file:filesetup.c:805
            """
        let headline = try #require(Headline.read(fioOutput: Data(json.utf8)))
        #expect(headline.iops == 400)
        #expect(headline.meanLatencyNs == 4000)
        #expect(headline.jobErrors == [2])
        #expect(headline.summary == "400 IOPS, 4.0 µs")
        #expect(Headline.read(fioOutput: Data("fio: failed\n".utf8)) == nil)
        #expect(Headline.read(fioOutput: Data("{\n\"jobs\": [\n".utf8)) == nil)
    }

    @Test("A diskstats sample is an @ line with the time and the raw lines of the chosen devices")
    func diskstatsSample() {
        let proc = """
               7       0 loop0 1 0 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0
             254       0 vda 161026 18243 10702242 55356 160219 238227 23321112 164117 1 37804 239139
             254       1 vda1 10 0 20 0 0 0 0 0 0 0 0
            """
        let sampler = DiskstatsSampler(interval: 1, devices: ["/dev/vda"])
        let sample = sampler.sample(proc, at: Timestamp(seconds: 0.25))
        #expect(
            sample
                == "@ 1970-01-01T00:00:00.250Z\n 254       0 vda 161026 18243 10702242 55356 160219 238227 23321112 164117 1 37804 239139\n"
        )
        let all = DiskstatsSampler(interval: 1, devices: []).sample(proc, at: Timestamp(seconds: 0))
        #expect(all.split(separator: "\n").count == 4)
    }

    @Test("sample-diskstats streams samples and exits 0 on SIGINT and SIGTERM")
    func diskstatsCommand() async throws {
        let scratch = try Scratch("diskstats")
        defer { scratch.remove() }
        for signal in [SIGINT, SIGTERM] {
            let (process, stdout, _) = try await IOSweepBinary.start(
                ["sample-diskstats", "--interval", "0.1"], in: scratch.root)
            try await Task.sleep(for: .milliseconds(600))
            process.signal(signal)
            #expect(await process.wait(upTo: 30) == .exited(0))
            let lines = IOSweepBinary.read(stdout).split(separator: "\n")
            #expect(lines.first == Substring(DiskstatsFormat.header))
            let stamps = lines.filter { $0.hasPrefix("@ ") }
            #expect(stamps.count >= 2)
            #expect(stamps.allSatisfy { $0.count == 26 && $0.hasSuffix("Z") })
        }
    }

    @Test("A step exceeding its timeout is stopped with SIGTERM and reported as timed out")
    func timeout() async throws {
        let process = try await LocalHost().start(
            Command(argv: ["sleep", "30"], environment: ["PATH": RunOptions.defaultPath]))
        let outcome = await ProcessControl.wait(process, timeout: 0.3, grace: 5)
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(outcome.stoppedWith == SIGTERM)
    }

    @Test("A command not on PATH is a clear error, not a crash")
    func missingCommand() async {
        await #expect(throws: CommandError.self) {
            _ = try await LocalHost().start(Command(argv: ["iosweep-no-such-tool"], environment: ["PATH": "/usr/bin"]))
        }
    }
}
