import Foundation
import Testing
import IOSweepExperiments
@testable import SweepModel

@Suite struct RoundTripTests {
    static let files = Package.shippedFiles.map(\.lastPathComponent)

    @Test func everyStudyIsShipped() {
        #expect(Set(Self.files) == ["seed.yaml", "quickstart.yaml", "directory.yaml", "raw.yaml", "filesystems.yaml", "multihost.yaml"])
    }

    /// YAML → model → canonical YAML → model is the identity, and the canonical text is a fixed point.
    @Test(arguments: files) func exportLoadsBackEqual(file: String) throws {
        let loaded = try ExperimentLoader.load(path: Package.experiments.appendingPathComponent(file).path)
        let exported = loaded.experiment.yaml()
        let reloaded = try ExperimentLoader.load(yaml: exported, file: "export-\(file)", directory: Package.experiments.path)
        #expect(reloaded.experiment == loaded.experiment)
        #expect(reloaded.experiment.yaml() == exported)
    }

    /// The Swift builder form of each shipped study equals its YAML twin.
    @Test(arguments: ShippedExperiments.all.map(\.file)) func builderEqualsYAML(file: String) throws {
        let swift = try #require(ShippedExperiments.all.first { $0.file == file }).experiment
        let yaml = try ExperimentLoader.load(path: Package.experiments.appendingPathComponent(file).path).experiment
        #expect(swift == yaml)
        #expect(ExperimentValidator.validate(swift, directory: Package.experiments.path).isEmpty)
    }

    /// The contract example reads as the design says.
    @Test func seedMatchesTheDesign() throws {
        let seed = try ExperimentLoader.load(path: Package.experiments.appendingPathComponent("seed.yaml").path).experiment
        #expect(seed.name == "zil-sync-writes")
        #expect(seed.disks == .devices(["sdb", "sdc", "sdd"]))
        #expect(seed.matrix.axes.map(\.name) == ["ndisks", "numjobs"])
        #expect(seed.matrix.axes[1].values.count == 11)
        #expect(seed.pool?.vdevs == [Vdev(.stripe, "${disks[:ndisks]}")])
        #expect(seed.pool?.force == true)
        #expect(seed.datasets == [Dataset("tank/dozer", properties: ["recsize": "8k"])])
        guard case .fio(let fio) = seed.workload else { Issue.record("not fio"); return }
        #expect(fio.jobFile == "workload.fio")
        #expect(fio.runtime == 60)
        #expect(fio.size == "${1048576 / numjobs}M")
        #expect(seed.collectors == [Collector(.iostat, devices: "${disks[:ndisks]}", interval: 1)])
        #expect(seed.results == "${ndisks}-disks/${numjobs}-jobs")
    }

    /// Other shapes survive the round trip too: groups, include/exclude, repeat, hooks, fio options.
    @Test func richExperimentRoundTrips() throws {
        let experiment = Experiment("rich") {
            Description("everything: 60")
            Disks("sdb", "sdc", "sdd", "sde")
            Matrix {
                Axis("layout", ["mirror", "raidz"])
                Axis("bs", ["4k", "off", "60", 1.5, true])
                Include(["layout": "stripe", "extra": 1])
                Exclude(["layout": "raidz", "bs": "4k"])
                Repeat(count: 3, after: "layout")
                Shuffle(seed: 42)
            }
            Pool(
                "tank", log: [Vdev(.stripe, ["sde"])], properties: ["ashift": 12], filesystemProperties: ["atime": "off"],
                recreate: .perGroup
            ) {
                Vdev(.mirror, ["sdb", "sdc"])
                Vdev(.mirror, "${disks[2:4]}")
            }
            Fio(job: "[w]\nrw=write\n", directory: "/tank", runtime: "${repeat + 1}", options: ["bs": "${bs}", "direct": 1])
            Iostat(format: .json, required: true)
            CommandCollector(["sh", "-c", "cat /proc/meminfo"], name: "meminfo", interval: 5)
            Hooks(beforeCell: [["sync"], ["sh", "-c", "echo 3 > /proc/sys/vm/drop_caches"]])
            Results("${layout}/${bs}/${repeat}")
            Sudo()
        }
        let text = experiment.yaml()
        let loaded = try ExperimentLoader.load(yaml: text, file: "rich.yaml", directory: "/")
        #expect(loaded.experiment == experiment)
    }
}
