import Foundation
import SweepModel
import SweepPlanner
import Testing

@Suite("The seed study's plan")
struct SeedPlanTests {
    static let numjobs = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    static let pools = [["sdb"], ["sdb", "sdc"], ["sdb", "sdc", "sdd"]]

    @Test("33 fio runs in seed order, each inside its own pool, with one iostat per pool disk")
    func seedOrderAndLifecycle() throws {
        let plan = try Fixtures.planSeed()
        let steps = plan.flatSteps
        let fio = steps.enumerated().filter { $0.element.argv.first == "fio" }
        try #require(fio.count == 33)
        var expected: [(disks: [String], jobs: Int)] = []
        for disks in Self.pools { for j in Self.numjobs { expected.append((disks, j)) } }
        var previousDestroy = -1
        for ((index, step), want) in zip(fio, expected) {
            #expect(step.argv.contains("--numjobs=\(want.jobs)"))
            #expect(step.argv.contains("--size=\(1_048_576 / want.jobs)M"))
            #expect(step.argv.contains("--runtime=60"))
            #expect(step.argv.contains("--directory=/tank/dozer"))
            #expect(step.argv.last == "@{files}/workload.fio")
            // Between the previous pool's destroy and this fio: exactly this pool's create and the dataset.
            let window = steps[(previousDestroy + 1)..<index]
            let creates = window.filter { $0.argv.starts(with: ["zpool", "create"]) }
            #expect(creates.map(\.argv) == [["zpool", "create", "-f", "-O", "iosweep:run=@{run}", "tank"] + want.disks])
            #expect(
                window.filter { $0.argv.starts(with: ["zfs", "create"]) }.map(\.argv) == [
                    ["zfs", "create", "-o", "recsize=8k", "tank/dozer"]
                ])
            let iostat = window.filter { $0.kind == .collector }
            #expect(iostat.map { $0.argv.suffix(2) } == want.disks.map { [$0, "1"] })
            #expect(iostat.allSatisfy { $0.argv.contains("iostat") && $0.argv.contains("-dxyt") })
            #expect(iostat.map(\.stdout) == want.disks.map { "iostat-\($0).txt" })
            // After fio: the pool is destroyed before anything else is created.
            let destroy = try #require(steps[index...].firstIndex { $0.argv.starts(with: ["zpool", "destroy"]) })
            #expect(steps[destroy].argv == ["zpool", "destroy", "tank"])
            #expect(!steps[(index + 1)..<destroy].contains { $0.kind == .setup || $0.argv.first == "fio" })
            previousDestroy = destroy
        }
        #expect(plan.cells.map(\.resultPath) == expected.map { "\($0.disks.count)-disks/\($0.jobs)-jobs" })
        #expect(plan.cells.first?.id == "ndisks=1,numjobs=1")
        #expect(plan.destroys == ["sdb", "sdc", "sdd"])
        #expect(
            plan.files == [
                PlanFile(
                    name: "workload.fio",
                    content: try String(
                        contentsOf: Fixtures.packageRoot.appendingPathComponent("Experiments/workload.fio"), encoding: .utf8))
            ])
        #expect(plan.groups.count == 33)
        #expect(Set(plan.cells.map(\.fingerprint)).count == 33)
    }

    @Test("The sh rendering holds the 33 fio invocations in order, each after its zpool create and zfs create")
    func seedScript() throws {
        let script = ShellScriptRenderer().render(try Fixtures.planSeed())
        let lines = script.split(separator: "\n").map(String.init)
        let fio = lines.filter { $0.hasPrefix("fio ") }
        #expect(fio.count == 33)
        var n = 0
        for _ in Self.pools {
            for j in Self.numjobs {
                #expect(fio[n].contains("--numjobs=\(j) --size=\(1_048_576 / j)M"))
                n += 1
            }
        }
        let creates = lines.filter { $0.hasPrefix("zpool create -f") }
        #expect(creates.count == 33)
        #expect(creates[0].hasSuffix(" tank sdb") && creates[11].hasSuffix(" tank sdb sdc") && creates[22].hasSuffix(" tank sdb sdc sdd"))
        #expect(lines.filter { $0 == "zfs create -o recsize=8k tank/dozer" }.count == 33)
        #expect(lines.filter { $0 == "retry zpool destroy tank" }.count == 33)
    }

    @Test("Golden files: text, sh and json renderings of the seed plan")
    func goldens() throws {
        let plan = try Fixtures.planSeed()
        try Fixtures.expectGolden(TextRenderer().render(plan), "seed.txt")
        try Fixtures.expectGolden(ShellScriptRenderer().render(plan), "seed.sh")
        try Fixtures.expectGolden(JSONRenderer().render(plan), "seed.json")
    }

    @Test("Experiments/seed.yaml loads to the same Experiment as the Swift value, and plans identically")
    func yamlEqualsSwift() throws {
        #expect(try Fixtures.seed == Fixtures.seedValue)
        #expect(try Fixtures.planSeed(Fixtures.seedValue) == Fixtures.planSeed())
    }

    @Test("Planning twice gives the same bytes")
    func deterministic() throws {
        let a = JSONRenderer().render(try Fixtures.planSeed())
        let b = JSONRenderer().render(try Fixtures.planSeed())
        #expect(a == b)
    }

    @Test("The JSON rendering decodes back to the same Plan")
    func jsonRoundTrip() throws {
        for plan in [try Fixtures.planSeed(), try Planner(baseDirectory: "/").plan(Fixtures.small())] {
            let decoded = try JSONDecoder().decode(Plan.self, from: Data(JSONRenderer().render(plan).utf8))
            #expect(decoded == plan)
        }
    }

    @Test("wipe: true is carried by the plan, shown with what it destroys, and survives the JSON round trip")
    func wipeTravelsWithThePlan() throws {
        var experiment = try Fixtures.seed
        #expect(try Fixtures.planSeed(experiment).wipe == false)
        experiment.wipe = true
        let plan = try Fixtures.planSeed(experiment)
        #expect(plan.wipe)
        #expect(TextRenderer().render(plan).contains("destroys: sdb sdc sdd (wipe: true: signatures on them are not a refusal)"))
        let decoded = try JSONDecoder().decode(Plan.self, from: Data(JSONRenderer().render(plan).utf8))
        #expect(decoded.wipe)
        // A plan written before `wipe` existed decodes as not wiping.
        let older = JSONRenderer().render(try Fixtures.planSeed()).replacingOccurrences(of: "\n  \"wipe\": false,", with: "")
        #expect(!older.contains("\"wipe\""))
        #expect(try JSONDecoder().decode(Plan.self, from: Data(older.utf8)).wipe == false)
        // Fingerprints say what runs, not how devices are checked.
        #expect(plan.fingerprint == (try Fixtures.planSeed()).fingerprint)
    }
}
