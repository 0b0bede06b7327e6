import SweepModel
import SweepPlanner
import Testing

/// Studies over several hosts: names checked where written, steps placed on their hosts, per-client job files,
/// the script's ssh and the fingerprints' hosts.
@Suite struct MultihostPlanTests {
    static func study(
        hosts: String = """
          - { name: storage, ssh: root@10.0.0.2, ssh-options: [-i, /keys/a] }
          - { name: c1, ssh: root@10.0.0.3 }
          - { name: c2, ssh: admin@10.0.0.4, fio-port: 8766 }
        """,
        pool: String = "storage", clients: String = "${hosts[1:1 + n]}", collectorHosts: String = "\"${hosts[1:1 + n]}\""
    ) -> String {
        """
        experiment: mh
        hosts:
        \(hosts)
        disks: [sdb]
        matrix:
          n: [1, 2]
        pool: { host: \(pool), name: tank, vdevs: [sdb] }
        workload:
          fio:
            job: "[w]\\nrw=write\\n"
            clients: \(clients)
            directory: /tank/${host}
            numjobs: ${n}
            runtime: 2
            time_based: true
        collectors:
          - mpstat: { hosts: \(collectorHosts) }
        hooks: { host: storage, after-cell: [sync] }
        results: ${n}
        """
    }

    /// The problems of `yaml`, loading and planning, as `file:line:column: message — hint`.
    static func errors(_ yaml: String) -> [String] {
        func text(_ diagnostics: [Diagnostic]) -> [String] {
            diagnostics.map { "\($0.location?.description ?? "?"): \($0.message)" + ($0.hint.map { " — " + $0 } ?? "") }
        }
        let loaded: ExperimentFile
        do {
            loaded = try ExperimentLoader.load(yaml: yaml, file: "mh.yaml", directory: "/")
        } catch {
            return text(error.diagnostics)
        }
        do {
            _ = try Planner(baseDirectory: "/").plan(loaded.experiment)
            return []
        } catch {
            return text(loaded.sourceMap.locate(error.diagnostics))
        }
    }

    static func plan(_ yaml: String = study()) throws -> Plan {
        try Planner(baseDirectory: "/").plan(try ExperimentLoader.load(yaml: yaml, file: "mh.yaml", directory: "/").experiment)
    }

    @Test("steps carry their hosts: pool and hooks on the storage host, collectors per client, fio --client per client")
    func stepsOnHosts() throws {
        let plan = try Self.plan()
        #expect(plan.storageHost == "storage")
        #expect(plan.fioClients == FioClients(hosts: ["c1", "c2"], servers: .managed))
        let two = plan.cells[1]
        #expect(plan.groups[1].setup.allSatisfy { $0.host == "storage" })
        #expect(two.steps.filter { $0.kind == .collector }.map(\.host) == ["c1", "c2"])
        #expect(two.steps.filter { $0.kind == .collector }.map(\.stdout) == ["c1/mpstat.txt", "c2/mpstat.txt"])
        #expect(plan.groups[1].teardown.last?.kind == .hook && plan.groups[1].teardown.last?.host == "storage", "after-cell hook")
        let workload = try #require(two.steps.first { $0.kind == .workload })
        #expect(workload.host == nil, "fio --client runs here")
        #expect(
            workload.argv == [
                "fio", "--output=@{cell}/fio.json", "--output-format=json+", "--client=ip:10.0.0.3,8765", "@{cell}/job-c1.fio",
                "--client=ip:10.0.0.4,8766", "@{cell}/job-c2.fio",
            ])
        let job = try #require(workload.inputs?.last)
        #expect(job.name == "job-c2.fio")
        #expect(job.content.contains("[global]\ndirectory=/tank/c2\nnumjobs=2\nruntime=2\ntime_based\n[w]\nrw=write\n"), "\(job.content)")
        let text = TextRenderer().render(plan)
        #expect(text.contains("[storage] zpool create -O iosweep:run=@{run} tank sdb"), "\(text)")
        #expect(text.contains("[c2] env LC_ALL=C S_TIME_FORMAT=ISO mpstat -P ALL 1 > @{cell}/c2/mpstat.txt &"), "\(text)")
    }

    @Test("the script runs remote steps through ssh with words quoted for the remote shell, and manages the servers")
    func scriptThroughSSH() throws {
        let script = ShellScriptRenderer().render(try Self.plan())
        #expect(script.contains("remote_words() {"))
        #expect(
            script.contains(
                "ssh -o BatchMode=yes -o ConnectTimeout=10 -o ServerAliveInterval=5 -o ServerAliveCountMax=3 -i /keys/a -- root@10.0.0.2 "
                    + "\"$(remote_words zpool create -O iosweep:run=\"${run}\" tank /dev/sdb)\"")
                || script.contains("remote_words zpool create"),
            "\(script)")
        #expect(script.contains("remote_words fio --server=ip:10.0.0.4,8766 --daemonize="), "the managed servers are started")
        #expect(script.contains("printf '%s' $'# iosweep: the job file of fio client c1"), "job files are written")
        let single = ShellScriptRenderer().render(
            try Self.plan("experiment: one\nworkload:\n  fio: { job: \"[w]\", directory: /tmp, runtime: 1 }\n"))
        #expect(!single.contains("remote_words"), "a study on one machine has no remote_words")
    }

    @Test("fingerprints include the hosts' names, addresses and ports, not how ssh reaches them")
    func fingerprints() throws {
        let base = try Self.plan().cells.map(\.fingerprint)
        let otherKey = try Self.plan(Self.study().replacingOccurrences(of: "/keys/a", with: "/keys/b")).cells.map(\.fingerprint)
        #expect(otherKey == base, "an ssh key path is not the study")
        let otherUser = try Self.plan(Self.study().replacingOccurrences(of: "admin@", with: "root@")).cells.map(\.fingerprint)
        #expect(otherUser == base, "nor the ssh user")
        let otherPort = try Self.plan(Self.study().replacingOccurrences(of: "8766", with: "8767")).cells.map(\.fingerprint)
        #expect(zip(otherPort, base).allSatisfy { $0 != $1 }, "a port is")
        let otherAddress = try Self.plan(Self.study().replacingOccurrences(of: "10.0.0.2", with: "10.0.0.9")).cells.map(\.fingerprint)
        #expect(zip(otherAddress, base).allSatisfy { $0 != $1 }, "an address is")
    }

    @Test("host names are checked where written, with did-you-mean; expressions per cell, naming the cell")
    func namesChecked() {
        let pool = Self.errors(Self.study(pool: "storag"))
        #expect(
            pool.contains {
                $0.hasPrefix("mh.yaml:9:") && $0.contains("pool host 'storag' is not a declared host — did you mean 'storage'?")
            }, "\(pool)")
        let dup = Self.errors(Self.study(hosts: "  - { name: c1, ssh: a@b }\n  - { name: c1, ssh: a@c }\n  - { name: storage }"))
        #expect(dup.contains { $0.contains("host 'c1' is declared twice") }, "\(dup)")
        let option = Self.errors(
            Self.study(hosts: "  - { name: storage, ssh: -oProxyCommand=x }\n  - { name: c1 }\n  - { name: c2, fio-port: 70000 }"))
        #expect(option.contains { $0.contains("ssh destination '-oProxyCommand=x' is not a host") }, "\(option)")
        #expect(option.contains { $0.contains("fio-port 70000 is not a TCP port") }, "\(option)")
        let client = Self.errors(Self.study(clients: "[c1, c3]"))
        #expect(client.contains { $0.contains("client 'c3' is not a declared host — did you mean 'c1'?") }, "\(client)")
        let cell = Self.errors(Self.study(clients: "\"${experiment}\""))
        #expect(cell.contains { $0.contains("client 'mh' of cell n=1 is not a declared host") }, "\(cell)")
        let same = Self.errors(
            Self.study(
                hosts: "  - { name: storage, ssh: r@10.0.0.2 }\n  - { name: c1, address: 10.0.0.3 }\n  - { name: c2, address: 10.0.0.3 }"))
        #expect(same.contains { $0.contains("hosts 'c1' and 'c2' have the same fio address and port (10.0.0.3,8765)") }, "\(same)")
    }
}
