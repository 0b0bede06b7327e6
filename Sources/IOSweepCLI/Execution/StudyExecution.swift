import ArgumentParser
import Foundation
import SweepModel
import SweepPlanner
import SweepRunner

/// Runs a plan in a results directory and turns the outcome into the documented exit status.
enum StudyExecution {
    static func execute(
        plan: Plan, experiment: Experiment?, directory: RunDirectory, execution: ExecutionOptions,
        selects: @escaping @Sendable (Cell) -> Bool = { _ in true }
    ) async throws {
        do {
            try PlanAudit.check(plan)
        } catch {
            fail("refused: \(error)")
            throw ExitStatus.refused
        }
        let resources = resources(for: plan, directory: directory)
        // Collectors first: a missing required program or a device that does not exist refuses before anything
        // is asked or changed.
        let pending = directory.states(of: plan).filter { $0.state != .done && selects($0.cell) }.map(\.cell)
        let findings = CollectorPreflight().check(pending)
        for warning in findings.warnings { FileHandle.standardError.write(Data("iosweep: warning: \(warning)\n".utf8)) }
        if let refusal = findings.refusal {
            fail("refused: \(refusal)")
            throw ExitStatus.refused
        }
        try await DestructionConfirmation.confirm(
            plan: plan, directory: directory, yes: execution.yes, resources: resources, selects: selects)
        let options = RunOptions(
            experiment: experiment, toolVersion: IOSweepVersion.current, onFailure: execution.onFailure.policy,
            retries: execution.retries, selects: selects)
        let runner = Runner(
            plan: plan, directory: directory, options: options,
            resources: resources,
            progress: .automatic(quiet: execution.quiet), decider: AdaptiveDecider.make(plan: plan, directory: directory))
        let summary: RunSummary
        do {
            summary = try await runner.run()
        } catch let error as RunLockError {
            fail("\(error)")
            throw ExitStatus.locked
        } catch let error as RunRefusal {
            fail("refused: \(error)")
            throw ExitStatus.refused
        } catch {
            fail("\(error)")
            throw ExitStatus.failure
        }
        if let signal = summary.interruptedBy {
            throw signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted
        }
        let line =
            "\(summary.cells) cells: \(summary.skipped) already done, \(summary.succeeded) ok, \(summary.failed) failed"
            + (summary.skippedByRules > 0 ? ", \(summary.skippedByRules) skipped by rules" : "")
            + (summary.notRun > 0 ? ", \(summary.notRun) not run" : "") + " — results in \(directory.root)"
        if !execution.quiet { FileHandle.standardError.write(Data("iosweep: \(line)\n".utf8)) }
        if summary.failed > 0 || summary.stoppedAfterFailure { throw ExitStatus.failure }
    }

    /// ``StorageResources`` when the plan has scratch disks, pools, datasets or file systems, or destroys devices;
    /// ``NoResources`` otherwise.
    /// `wipe` comes from the plan (the experiment's `wipe: true`).
    /// Pools, file systems and scratch disks are made on the plan's storage host (over ssh when it has one).
    static func resources(for plan: Plan, directory: RunDirectory) -> any ResourceManager {
        guard StorageResources.isNeeded(by: plan) else { return NoResources() }
        return StorageResources(wipe: plan.wipe, host: RunHosts(plan: plan, directory: directory.root)[plan.storageHost])
    }

    /// Loads the plan frozen in a results directory (`iosweep-plan.json`).
    static func frozenPlan(in directory: RunDirectory) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: directory.plan) else {
            fail("\(directory.root) is not an iosweep results directory (no \(RunLayout.plan))")
            throw ExitCode.validationFailure
        }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            fail("\(directory.plan) is not a valid plan: \(error)")
            throw ExitStatus.failure
        }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("iosweep: error: \(message)\n".utf8))
    }
}
