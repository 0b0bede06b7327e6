import Foundation
import SweepModel
import SweepRecords
import Testing

@testable import SweepAnalysis

/// The run directory's one reader per file reads records of other schema versions: missing fields take their
/// empty values, unknown ones are ignored, and only a file that is not a JSON object is an error naming it.
@Suite struct RecordToleranceTests {
    static func write(_ text: String, named name: String) throws -> (directory: String, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-records-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test("a cell.json of another version: what it says is read, the rest is empty, bad values are left out")
    func cellRecordOfAnotherVersion() throws {
        let (directory, path) = try Self.write(
            """
            {"schemaVersion": 9, "id": "numjobs=2", "status": "paused", "fingerprint": 5, "future": {"x": 1},
             "values": [{"name": "numjobs", "value": 2}, {"name": "broken", "value": null}, {"value": 1}, {"name": "bs", "value": "4k"}],
             "devices": {"scratch0": "/dev/loop7"}}
            """, named: "cell.json")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let record = try CellRecord.read(path: path)
        #expect(record.schemaVersion == 9)
        #expect(record.id == "numjobs=2")
        #expect(record.status == nil)
        #expect(record.fingerprint == "")
        #expect(record.values == ["numjobs": .int(2), "bs": .string("4k")])
        #expect(record.steps.isEmpty && record.collectors.isEmpty && record.metrics == nil)
        let cell = try ResultsLoader.readCell(directory: directory, relative: "2-jobs", files: ["cell.json"])
        #expect(cell.id == "numjobs=2" && cell.status == nil && cell.fingerprint == nil)
        #expect(cell.deviceNames == ["loop7": "scratch0"])
        // The runner sees a record without its fingerprint: not done, so the cell runs again.
        #expect(CellRecord.load(path: path)?.fingerprint == "")
    }

    @Test("a cell.json that is not a JSON object is an error naming the file")
    func cellRecordNotAnObject() throws {
        for text in ["[1, 2]", "{\"id\": ", ""] {
            let (directory, path) = try Self.write(text, named: "cell.json")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect(throws: ResultFileError.self) { try CellRecord.read(path: path) }
            do {
                _ = try CellRecord.read(path: path)
            } catch {
                #expect(error.file == path)
            }
            #expect(CellRecord.load(path: path) == nil)
        }
    }

    @Test("an iosweep-run.json of another version: run id, names and host facts it has; an experiment it cannot decode still summarised")
    func manifestOfAnotherVersion() throws {
        let (directory, _) = try Self.write(
            """
            {"runID": "r-7", "experiment": {"name": "zil", "matrix": {"axes": [{"name": "ndisks", "values": [1, 2.5, "x"]}],
             "repeat": {"count": 3}}, "newField": true}, "host": {"hostname": "lab", "cpuCount": "two", "diskModel": "X1"}}
            """, named: RunLayout.manifest)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try #require(try RunManifest.read(directory: directory))
        #expect(manifest.runID == "r-7")
        #expect(manifest.schemaVersion == 1)
        #expect(manifest.experiment == nil)
        #expect(manifest.experimentName == "zil")
        #expect(manifest.summary.axes == [.init(name: "ndisks", values: ["1", "2.5", "x"])])
        #expect(manifest.summary.repeatCount == 3)
        #expect(manifest.host.hostname == "lab" && manifest.host.cpuCount == 0 && manifest.host.other == ["diskModel": "X1"])
        #expect(manifest.toolVersion == "" && manifest.created == "")
    }

    @Test("a manifest of a run started from a plan (no experiment) reads back equal")
    func manifestWithoutExperiment() throws {
        let manifest = RunManifest(
            runID: "r-2", toolVersion: "0.1.0", experiment: nil, experimentName: "from-plan", planFingerprint: "f",
            created: "c", lastStarted: "l", host: HostFacts(hostname: "h", kernel: "k", cpuCount: 2))
        let read = try JSONDecoder().decode(RunManifest.self, from: JSONEncoder().encode(manifest))
        #expect(read == manifest)
        #expect(read.summary.name == "from-plan")
    }

    @Test("a manifest written by this version reads back equal, its summary from the experiment")
    func manifestRoundTrip() throws {
        let experiment = Experiment(
            name: "roundtrip", matrix: Matrix(axes: [Axis("numjobs", [.int(1), .int(2)])]),
            workload: .command(CommandWorkload(argv: [.string("true")])))
        let manifest = RunManifest(
            runID: "r-1", toolVersion: "0.1.0", experiment: experiment, experimentName: "roundtrip", planFingerprint: "f",
            created: "c", lastStarted: "l", host: HostFacts(hostname: "h", kernel: "k", cpuCount: 2))
        let read = try JSONDecoder().decode(RunManifest.self, from: JSONEncoder().encode(manifest))
        #expect(read == manifest)
        #expect(read.summary.axes == [.init(name: "numjobs", values: ["1", "2"])])
    }
}
