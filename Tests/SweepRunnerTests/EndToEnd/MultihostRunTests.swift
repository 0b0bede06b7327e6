import Foundation
import SweepRecords
import SweepRunner
import Testing

/// Studies spanning hosts, run as a user runs them: a storage host and fio clients, each a network namespace of the
/// test's own with its own address and sshd; the pool built on the storage host over ssh, fio servers started and
/// stopped by iosweep, `fio --client` on this machine.
@Suite(.serialized) struct MultihostRunTests {
    /// The three hosts of a test and the study file over them.
    struct Hosts {
        var storage: NamespaceHost
        var clients: [NamespaceHost]
        var pool: String
        var experiment: String
    }

    /// Makes the storage host and two clients (the first client's sshd runs `clientCommand` when given), and
    /// writes the shipped demo study (`Experiments/multihost.yaml`) over them: a pool on the storage host with a
    /// dataset per client, `nclients` 1 and 2.
    static func hosts(
        _ scope: TestScope, clientCommand: String? = nil, tag: Character = "s"
    ) async throws -> Hosts {
        let storage = try await NamespaceHost.make(in: scope, tag: tag)
        // A second set of hosts in one test (tag other than "s") gets its own namespace names.
        let (first, second): (Character, Character) = tag == "s" ? ("a", "b") : ("c", "d")
        let c1 = try await NamespaceHost.make(in: scope, tag: first, forceCommand: clientCommand)
        let c2 = try await NamespaceHost.make(in: scope, tag: second)
        let pool = "mh" + String(scope.id.suffix(6))
        scope.onTeardown(run: ["zpool", "destroy", "-f", pool])
        // The shipped demo study, on this test's hosts: their addresses and keys, a pool name of its own, 2 s of fio
        // instead of 4, and a hook on the storage host.
        var experiment = try String(contentsOfFile: IOSweepBinary.packageRoot + "/Experiments/multihost.yaml", encoding: .utf8)
        let options = "[-F, /run/iosweep-multihost/ssh_config]"
        for (shipped, made) in [("10.213.250.2", storage), ("10.213.250.10", c1), ("10.213.250.18", c2)] {
            let quoted = "[" + made.sshOptions.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            experiment = experiment.replacingOccurrences(
                of: "ssh: root@\(shipped), ssh-options: \(options) }", with: "ssh: root@\(made.address), ssh-options: \(quoted) }")
        }
        #expect(!experiment.contains("10.213.250."), "every shipped host replaced")
        experiment = experiment.replacingOccurrences(of: "mhsweep", with: pool).replacingOccurrences(
            of: "runtime: 4\n", with: "runtime: 2\n")
        experiment += "hooks: { host: storage, after-cell: [sync] }\n"
        let path = scope.directory + "/multihost.yaml"
        try experiment.write(toFile: path, atomically: true, encoding: .utf8)
        return Hosts(storage: storage, clients: [c1, c2], pool: pool, experiment: path)
    }

    /// An sshd `ForceCommand` script (in the scope's directory) that answers a command whose quoted words hold
    /// `words` with `output` and runs every other command as asked: one host with other programs than the rest.
    static func answering(_ words: String, with output: String, file: String, _ scope: TestScope) async throws -> String {
        let path = scope.directory + "/" + file
        try """
        #!/bin/sh
        case "$SSH_ORIGINAL_COMMAND" in
          *"\(words)"*) echo \(output); exit 0 ;;
        esac
        exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"

        """.write(toFile: path, atomically: true, encoding: .utf8)
        try await scope.host.check(["chmod", "+x", path])
        return path
    }

    static func iosweep(
        _ arguments: [String], _ scope: TestScope, environment: [String: String] = [:]
    ) async throws
        -> IOSweepBinary.Result
    {
        try await IOSweepBinary.run(arguments, in: scope.directory, environment: environment, timeout: 240)
    }

    /// No fio server of the run's clients and no pool of the test is left.
    static func expectNothingLeft(_ hosts: Hosts, _ scope: TestScope) async throws {
        let processes = try await scope.host.run(["pgrep", "-a", "fio"])
        for client in hosts.clients {
            #expect(!processes.stdout.contains(client.address), "a fio server of \(client.address) is left: \(processes.stdout)")
        }
        let pools = try await scope.host.run(["zpool", "list", "-H", "-o", "name"])
        #expect(!pools.stdout.contains(hosts.pool), "the pool is destroyed")
    }

    @Test(
        "1 and 2 fio clients against a pool on a storage host: every cell ok, per-client and aggregate reports, collectors per host",
        .needsNamespaces, .needsZFS)
    func clientsAgainstAStorageHost() async throws {
        try await withTestScope { scope in
            let hosts = try await Self.hosts(scope)
            let results = scope.directory + "/results"
            let run = try await Self.iosweep(["run", hosts.experiment, "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            for (cell, clients) in [("1-clients", ["c1"]), ("2-clients", ["c1", "c2"])] {
                for client in clients {
                    #expect(
                        FileManager.default.fileExists(atPath: "\(results)/\(cell)/\(client)/mpstat.txt"), "\(cell): \(client)'s mpstat")
                    #expect(FileManager.default.fileExists(atPath: "\(results)/\(cell)/job-\(client).fio"), "\(cell): \(client)'s job file")
                }
                #expect(FileManager.default.fileExists(atPath: "\(results)/\(cell)/storage/iostat-scratch0.txt"), "\(cell): storage iostat")
                #expect(FileManager.default.fileExists(atPath: "\(results)/\(cell)/zpool-status.txt"), "\(cell): the pool's record")
            }
            let journal = Journal.read(path: results + "/journal.jsonl")
            #expect(
                journal.filter { $0.event == .stepStarted && $0.kind == "hook" }.map(\.host) == ["storage", "storage"],
                "the hooks ran on the storage host")
            // Every remote step's process is journalled with its host, pid and process group there.
            let remote = Dictionary(
                journal.filter { $0.event == .remoteProcessStarted }.map { ($0.step ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            let remoteSteps = journal.filter { $0.event == .stepStarted && $0.host != nil }
            #expect(remoteSteps.contains { $0.kind == "collector" }, "collectors ran on other hosts")
            for step in remoteSteps {
                let known = remote[step.step ?? ""]
                #expect(
                    known?.host == step.host && (known?.pid ?? 0) > 1 && known?.pgid == known?.pid,
                    "\(step.kind ?? "") step \(step.step ?? "") on \(step.host ?? ""): \(String(describing: known))")
            }
            let manifest = try #require(RunManifest.load(path: results + "/iosweep-run.json"))
            #expect(manifest.hosts.keys.sorted() == ["c1", "c2", "storage"], "facts of every host")
            #expect(manifest.hosts.values.allSatisfy { !$0.kernel.isEmpty && $0.fioVersion != nil }, "\(manifest.hosts)")
            let html = try await Self.iosweep(["report", results, "--format", "html", "--output", scope.directory + "/report.html"], scope)
            #expect(html.termination == .exited(0), "\(html.stderr)")
            let page = IOSweepBinary.read(scope.directory + "/report.html")
            #expect(page.contains("Host c1") && page.contains("Host storage"), "the HTML lists the hosts' facts")
            let job = IOSweepBinary.read("\(results)/2-clients/job-c2.fio")
            #expect(job.contains("directory=/\(hosts.pool)/c2\n") && job.contains("runtime=2\n"), "options in c2's job file: \(job)")
            let fio = IOSweepBinary.read("\(results)/2-clients/fio.json")
            #expect(fio.contains(hosts.clients[0].address) && fio.contains(hosts.clients[1].address), "both clients' results")

            let perHost = try await Self.iosweep(["report", results, "--per-host", "--format", "csv", "--metric", "write.iops"], scope)
            #expect(perHost.termination == .exited(0), "\(perHost.stderr)")
            let aggregate = try await Self.iosweep(["report", results, "--format", "csv", "--metric", "write.iops"], scope)
            #expect(aggregate.termination == .exited(0), "\(aggregate.stderr)")
            func values(_ csv: String, _ cell: String) -> [Double] {
                csv.split(separator: "\n").filter { $0.hasPrefix(cell + ",") }.compactMap {
                    $0.split(separator: ",").last.flatMap { Double($0) }
                }
            }
            let perClient = values(perHost.stdout, "2")
            #expect(perClient.count == 2 && perClient.allSatisfy { $0 > 0 }, "one row per client: \(perHost.stdout)")
            let sum = values(aggregate.stdout, "2")
            #expect(sum.count == 1, "one aggregate row: \(aggregate.stdout)")
            if let total = sum.first, perClient.count == 2 {
                #expect(
                    abs(total - perClient.reduce(0, +)) <= 1, "the aggregate is the clients' sum: \(aggregate.stdout) \(perHost.stdout)")
            }
            // Collectors on other hosts are read from their folders, their devices named by host.
            let devices = try await Self.iosweep(
                ["report", results, "--per-device", "--format", "csv", "--metric", "iostat.w/s", "--metric", "mpstat.%usr"], scope)
            #expect(devices.termination == .exited(0), "\(devices.stderr)")
            #expect(devices.stdout.contains("storage/scratch0"), "the storage host's disk: \(devices.stdout)")
            #expect(devices.stdout.contains("c2/all"), "the second client's CPUs: \(devices.stdout)")
            // The aggregate's p99 is the merged histogram's: every client's json+ write bins added up, then walked
            // as fio's stat.c walks one (the first bucket whose running count reaches 99 % of the I/Os).
            let p99 = try await Self.iosweep(["report", results, "--format", "csv", "--metric", "write.clat.p99"], scope)
            #expect(p99.termination == .exited(0), "\(p99.stderr)")
            let reported = values(p99.stdout, "2").first
            #expect(reported == Self.mergedP99(fio), "report \(p99.stdout)")
            try await Self.expectNothingLeft(hosts, scope)
        }
    }

    /// The write clat p99 of the clients' merged json+ bins in client/server output `text` (ns).
    static func mergedP99(_ text: String) -> Double? {
        guard let start = text.firstIndex(of: "{"),
            let document = try? JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [String: Any],
            let entries = document["client_stats"] as? [[String: Any]]
        else { return nil }
        var bins: [Double: Double] = [:]
        for entry in entries where entry["jobname"] as? String != "All clients" {
            let write = entry["write"] as? [String: Any]
            let clat = write?["clat_ns"] as? [String: Any]
            for (key, count) in clat?["bins"] as? [String: Any] ?? [:] {
                guard let value = Double(key), let count = (count as? NSNumber)?.doubleValue else { continue }
                bins[value, default: 0] += count
            }
        }
        let total = bins.values.reduce(0, +)
        var running = 0.0
        for value in bins.keys.sorted() {
            running += bins[value] ?? 0
            if running >= 0.99 * total { return value }
        }
        return nil
    }

    @Test("kill -9 of iosweep mid-cell, then resume: every cell once, no server, collector or pool left", .needsNamespaces, .needsZFS)
    func killedAndResumed() async throws {
        try await withTestScope { scope in
            let hosts = try await Self.hosts(scope)
            // Boundaries counted from the first journal event: a moment inside the first cell, and one in the second.
            for (attempt, killAt) in [14, 34].enumerated() {
                let results = scope.directory + "/results-\(attempt)"
                let killed = try await Self.iosweep(
                    ["run", hosts.experiment, "--results", results, "--yes", "--quiet"], scope,
                    environment: ["IOSWEEP_FAULT_KILL_AT": "\(killAt)"])
                #expect(killed.termination == .signaled(SIGKILL), "killed at boundary \(killAt): \(killed.stderr)")
                let resumed = try await Self.iosweep(["resume", results, "--yes", "--quiet"], scope)
                #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
                let events = Journal.read(path: results + "/journal.jsonl")
                let finished = events.filter { $0.event == .cellFinished && $0.status == "ok" }.compactMap(\.cell)
                #expect(finished.sorted() == ["nclients=1", "nclients=2"], "every cell once after the kill at \(killAt): \(finished)")
                let started = Set(events.filter { $0.event == .serverStarted }.map { "\($0.host ?? "")/\($0.pid ?? 0)" })
                let stopped = Set(events.filter { $0.event == .serverStopped }.map { "\($0.host ?? "")/\($0.pid ?? 0)" })
                #expect(started == stopped, "every server started is stopped: \(started) \(stopped)")
                // No process of the run is left anywhere (the namespaces share this PID space): collectors included.
                let runID = try #require(RunManifest.load(path: results + "/iosweep-run.json")).runID
                let marked = LiveProcessScan.carrying(marker: runID)
                #expect(marked.isEmpty, "processes of run \(runID) left: \(marked)")
                try await Self.expectNothingLeft(hosts, scope)
            }
        }
    }

    @Test(
        "refused before anything runs (exit 3): a client with another fio version (both named), an unreachable host",
        .needsNamespaces, .needsZFS)
    func preflightRefusals() async throws {
        try await withTestScope { scope in
            // c1's sshd answers `fio --version` with another version and runs every other command as asked.
            let wrapper = try await Self.answering("'fio' '--version'", with: "fio-2.99", file: "other-fio.sh", scope)
            let hosts = try await Self.hosts(scope, clientCommand: wrapper)
            let results = scope.directory + "/results"
            let refused = try await Self.iosweep(["run", hosts.experiment, "--results", results, "--yes", "--quiet"], scope)
            #expect(refused.termination == .exited(3), "\(refused.stderr)")
            #expect(refused.stderr.contains("fio on c1 is fio-2.99"), "\(refused.stderr)")
            let events = Journal.read(path: results + "/journal.jsonl")
            #expect(!events.contains { $0.event == .stepStarted || $0.event == .serverStarted }, "nothing ran")
            let scratch = (try? FileManager.default.contentsOfDirectory(atPath: results + "/.scratch")) ?? []
            #expect(scratch.isEmpty, "no scratch disk made: \(scratch)")

            // A host nobody answers for: refused within the connect timeout, naming it.
            let lost = hosts.storage.unreachable
            let text = try String(contentsOfFile: hosts.experiment, encoding: .utf8)
                .replacingOccurrences(of: "root@\(hosts.clients[1].address)", with: "root@\(lost)")
            let unreachable = scope.directory + "/unreachable.yaml"
            try text.write(toFile: unreachable, atomically: true, encoding: .utf8)
            let clock = Date()
            let gone = try await Self.iosweep(["run", unreachable, "--results", scope.directory + "/results-2", "--yes", "--quiet"], scope)
            #expect(gone.termination == .exited(3), "\(gone.stderr)")
            #expect(gone.stderr.contains("host c2 (root@\(lost)) cannot be reached over ssh"), "\(gone.stderr)")
            #expect(Date().timeIntervalSince(clock) < 30, "within the connect timeout (10 s) and the rest")
            try await Self.expectNothingLeft(hosts, scope)
        }
    }

    @Test("one client's fio server killed mid-cell: that cell fails naming the host; resume completes it", .needsNamespaces, .needsZFS)
    func clientLostMidCell() async throws {
        try await withTestScope { scope in
            let hosts = try await Self.hosts(scope)
            let results = scope.directory + "/results"
            let (process, stdout, stderr) = try await IOSweepBinary.start(
                ["run", hosts.experiment, "--results", results, "--yes", "--quiet"], in: scope.directory)
            // Until the first cell's workload runs (at most 60 s), then the c1 server the journal names is killed.
            var killed: Int32?
            for _ in 0..<600 where killed == nil {
                let events = Journal.read(path: results + "/journal.jsonl")
                if events.contains(where: { $0.event == .stepStarted && $0.kind == "workload" }),
                    let server = events.first(where: { $0.event == .serverStarted && $0.host == "c1" })?.pid
                {
                    // The whole group: a daemonized fio server leads its session, and its jobs are its children.
                    kill(-server, SIGKILL)
                    killed = server
                }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            #expect(killed != nil, "the first cell's workload started")
            let run = await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr, timeout: 240)
            #expect(run.termination == .exited(1), "a cell failed: \(run.stderr)")
            let record = IOSweepBinary.read(results + "/1-clients/cell.json")
            #expect(record.contains("the fio server on c1 is gone"), "the reason names the host: \(record)")
            #expect(
                IOSweepBinary.read(results + "/2-clients/cell.json").contains("\"status\" : \"ok\""), "the next cell ran on a new server")
            let resumed = try await Self.iosweep(["resume", results, "--yes", "--quiet"], scope)
            #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
            #expect(IOSweepBinary.read(results + "/1-clients/cell.json").contains("\"status\" : \"ok\""), "resume completed it")
            try await Self.expectNothingLeft(hosts, scope)
        }
    }
}

/// The live processes whose environment carries a run's marker.
enum LiveProcessScan {
    static func carrying(marker runID: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.compactMap { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                environ.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "IOSWEEP_RUN_ID=\(runID)" }),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !cmdline.isEmpty
            else { return nil }
            return "\(pid) " + String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        }
    }
}
