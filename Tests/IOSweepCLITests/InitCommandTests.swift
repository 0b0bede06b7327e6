import ArgumentParser
import Foundation
import Testing
import SweepModel
import SweepPlanner
@testable import IOSweepCLI

/// `iosweep init` writes an experiment and job file that validate and plan as written.
@Suite struct InitCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["zfs", "directory"]) func templateValidatesAsWritten(template: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var command = try IOSweep.parseAsRoot(["init", "my-study", "--template", template, "--output", directory.path])
        try command.run()
        let experimentPath = directory.appendingPathComponent("my-study.yaml").path
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("workload.fio").path))
        let file = try ExperimentLoader.load(path: experimentPath)
        #expect(file.experiment.name == "my-study")
        #expect((file.experiment.pool != nil) == (template == "zfs"))
        #expect(file.text.contains("# "), "the template is commented")
        // It plans: cells with a workload step each, and a pool setup for the zfs template.
        let plan = try Planner(baseDirectory: directory.path).plan(file.experiment)
        #expect(!plan.cells.isEmpty)
        #expect(plan.cells.allSatisfy { $0.steps.contains { $0.kind == .workload } })
        #expect(plan.groups.contains { $0.setup.contains { $0.argv.contains("create") } } == (template == "zfs"))
        // Validate (loader and planner checks) through the command as a user would: exit 0.
        var validate = try IOSweep.parseAsRoot(["validate", "--quiet", experimentPath])
        try validate.run()
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var first = try IOSweep.parseAsRoot(["init", "again", "--output", directory.path])
        try first.run()
        var second = try IOSweep.parseAsRoot(["init", "again", "--output", directory.path])
        #expect(throws: ValidationError.self) { try second.run() }
        var forced = try IOSweep.parseAsRoot(["init", "again", "--output", directory.path, "--force"])
        try forced.run()
    }

    @Test(arguments: ["Not A Slug", "-x", "a/b", ""]) func rejectsNamesThatAreNotSlugs(name: String) {
        #expect(throws: (any Error).self) { _ = try IOSweep.parseAsRoot(["init", name]) }
    }
}
