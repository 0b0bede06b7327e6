import Foundation
import SweepModel
@testable import SweepPlanner
import Testing

@Suite("The sh rendering")
struct ShellScriptTests {
    /// Plans worth checking: the seed, scratch disks with hooks per cell and per group, once, odd values.
    private func plans() throws -> [(String, Plan)] {
        let planner = Planner(baseDirectory: "/")
        var odd = Fixtures.small(axes: [
            Axis("ndisks", [1]), Axis("numjobs", [1]), Axis("label", ["it's", "a b", "$HOME", "x;y", "`id`", "*"]),
        ])
        odd.results = "${ndisks}/${label}"
        odd.hooks.beforeRun = [["echo", "quote ' and \" and \\ and $(date)"]]
        odd.sudo = true
        var group = Fixtures.small(recreate: .perGroup)
        group.collectors += [Collector(.mpstat, format: .json), Collector(.zpoolIostat), Collector(.vmstat)]
        return [
            ("seed", try Fixtures.planSeed()),
            ("per-cell", try planner.plan(Fixtures.small())),
            ("per-group", try planner.plan(group)),
            ("once", try planner.plan(Fixtures.small(axes: [Axis("ndisks", [2]), Axis("numjobs", [1, 2])], recreate: .once))),
            ("odd values", try planner.plan(odd)),
        ]
    }

    @Test("Generated scripts pass bash -n and shellcheck")
    func shellcheck() throws {
        for (name, plan) in try plans() {
            let script = ShellScriptRenderer().render(plan)
            let syntax = try runTool(["bash", "-n"], stdin: script)
            #expect(syntax.status == 0, "bash -n on \(name): \(syntax.output)")
            guard haveTool("shellcheck") else {
                Issue.record("shellcheck is not installed: run Scripts/bootstrap.sh")
                return
            }
            let check = try runTool(["shellcheck", "--shell=bash", "-"], stdin: script)
            #expect(check.status == 0, "shellcheck on \(name):\n\(check.output)")
        }
    }

    @Test("Values reach the command unchanged through quoting")
    func quoting() throws {
        let nasty = ["it's", "a b", "$HOME", "x;y", "`id`", "*", "", "tab\there", "new\nline", "@{notaplaceholder", "~", "a{b,c}"]
        var experiment = Fixtures.bare(Matrix(axes: [Axis("a", [1])]))
        experiment.workload = .command(CommandWorkload(argv: ["printf", "[%s]\\n"] + nasty.map { .string($0) }))
        let plan = try Planner(baseDirectory: "/").plan(experiment)
        let step = try #require(plan.cells.first?.steps.first { $0.kind == .workload })
        // Run the rendered command line through bash and compare with argv.
        let line = step.argv.map { ShellWord.script($0) }.joined(separator: " ")
        let result = try runTool(["bash", "-c", line])
        #expect(result.output == nasty.map { "[\($0)]\n" }.joined())
    }

    @Test("The script's structure: files from here-documents, collectors stopped after the workload, a trap undoing setup")
    func structure() throws {
        let script = ShellScriptRenderer().render(try Planner(baseDirectory: "/").plan(Fixtures.small()))
        #expect(script.hasPrefix("#!/usr/bin/env bash\n"))
        #expect(script.contains("\nset -euo pipefail\n"))
        #expect(script.contains("cat > \"$files\"/workload.fio <<'IOSWEEP_FILE'\n[w]\nrw=write\nbs=8k\ntime_based\nIOSWEEP_FILE\n"))
        #expect(script.contains("scratch0=$(losetup --find --show \"$results\"/.scratch/scratch0.img)"))
        #expect(script.contains("zpool create -f -O iosweep:run=\"${run}\" small \"${scratch0}\"\nundo+=('retry zpool destroy small')\n"))
        #expect(script.contains("iostat -dxyt \"${scratch0}\" 1 > \"${cell}\"/iostat-scratch0.txt &\ncollectors+=(\"$!\")\n"))
        #expect(script.contains("--output=\"${cell}\"/fio.json --output-format=json+ \"${files}\"/workload.fio\nstop_collectors\n"))
        #expect(script.contains("\nretry zpool destroy small\nunset 'undo[-1]'\n"))
        #expect(script.contains("retry() {"), "teardowns are retried: zfs-fuse answers busy right after a workload")
        #expect(script.contains("trap cleanup EXIT"))
    }

    @Test("A result path's directory is made up to its last '/' byte, also when a combining mark follows it")
    func publishParentByBytes() throws {
        // "r/\u{301}x": the '/' and the accent are one Character, which a search by Characters does not find.
        var experiment = Fixtures.bare(Matrix(axes: [Axis("a", [1])]))
        experiment.workload = .command(CommandWorkload(argv: ["true"]))
        experiment.results = "r/\u{301}x"
        let script = ShellScriptRenderer().render(try Planner(baseDirectory: "/").plan(experiment))
        #expect(script.contains("\nmkdir -p -- \"$results\"/r\nmv -T -- \"$cell\" \"$results\"/'r/\u{301}x'\n"))
    }

    @Test("A here-document delimiter never appears as a line of the file")
    func delimiter() throws {
        var experiment = Fixtures.small()
        experiment.workload = .fio(Fio(job: "[w]\nIOSWEEP_FILE\nIOSWEEP_FILE_1\n", directory: "/small/fs"))
        let script = ShellScriptRenderer().render(try Planner(baseDirectory: "/").plan(experiment))
        #expect(script.contains("<<'IOSWEEP_FILE_2'\n[w]\nIOSWEEP_FILE\nIOSWEEP_FILE_1\nIOSWEEP_FILE_2\n"))
    }
}
