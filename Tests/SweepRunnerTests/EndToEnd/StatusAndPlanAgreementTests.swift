import Foundation
import SweepRunner
import Testing

extension RunnerEndToEnd {
    /// `status DIR` and `plan FILE --results DIR` read a half-finished run directory the same way.
    @Suite struct StatusAndPlanAgreement {
        static let experiment = """
            experiment: half-finished
            matrix:
              numjobs: [1, 2, 4]
            workload:
              fio:
                job: |
                  [w]
                  rw=write
                  bs=4k
                  ioengine=psync
                  time_based=1
                directory: DATA
                numjobs: ${numjobs}
                size: 1M
                runtime: 1
            hooks:
              before-run: [[mkdir, -p, DATA]]
              after-run: [[rm, -rf, DATA]]
            results: ${numjobs}-jobs
            """

        @Test("After a kill in the second cell, status and plan show the same done / pending split")
        func sameSplit() async throws {
            let scratch = try Scratch("split")
            defer { scratch.remove() }
            let file = try RunnerEndToEnd.writeStudy(Self.experiment, in: scratch)
            let results = scratch.root + "/results"

            // Kill the run once the first cell has finished: at the first event after its cell-finished.
            let full = try await IOSweepBinary.run(["run", file, "--results", scratch.root + "/reference", "--quiet"], in: scratch.root)
            #expect(full.termination == .exited(0), "\(full.stderr)")
            let events = RunState.journal(scratch.root + "/reference")
            let firstFinished = try #require(events.firstIndex { $0.event == .cellFinished })
            let killed = try await IOSweepBinary.run(
                ["run", file, "--results", results, "--quiet"], in: scratch.root,
                environment: [FaultInjection.environmentKey: String(firstFinished + 2)])
            #expect(killed.termination == .signaled(SIGKILL))

            let status = try await IOSweepBinary.run(["status", "--json", results], in: scratch.root)
            #expect(status.termination == .exited(0))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let cells = try #require(object["cells"] as? [[String: Any]])
            let statusState = Dictionary(
                uniqueKeysWithValues: cells.compactMap { cell in
                    (cell["id"] as? String).map { ($0, cell["state"] as? String ?? "") }
                })
            #expect(statusState == ["numjobs=1": "done", "numjobs=2": "pending", "numjobs=4": "pending"])

            let plan = try await IOSweepBinary.run(["plan", file, "--results", results], in: scratch.root)
            #expect(plan.termination == .exited(0), "\(plan.stderr)")
            #expect(plan.stdout.contains("status: 1 done (not shown), 0 stale and 0 failed (rerun), 2 pending"), "\(plan.stdout)")
            // The cells plan still shows are exactly those status calls pending, marked so.
            let shown = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("cell ") }.map(String.init)
            #expect(shown.count == 2)
            for (id, state) in statusState where state == "pending" {
                #expect(shown.contains { $0.contains(" \(id) ") && $0.hasSuffix("[pending]") }, "\(id) in \(shown)")
            }
            #expect(!shown.contains { $0.contains(" numjobs=1 ") })

            // And resuming finishes exactly the pending cells.
            let resumed = try await IOSweepBinary.run(["resume", results, "--quiet"], in: scratch.root)
            #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
            let after = try await IOSweepBinary.run(["status", "--json", results], in: scratch.root)
            #expect(try RunnerEndToEnd.statusCounts(after.stdout) == ["done": 3, "skipped": 0, "stale": 0, "failed": 0, "pending": 0])
        }
    }
}
