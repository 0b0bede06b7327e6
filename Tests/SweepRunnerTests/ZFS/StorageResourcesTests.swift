import Foundation
import SweepPlanner
import SweepRunner
import SweepRecords
import Testing

/// ``StorageResources`` driven directly, on real scratch loops and zfs-fuse pools.
@Suite("ZFS resources", .serialized)
struct StorageResourcesTests {
    /// A journal that keeps its events in memory.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [JournalEvent] = []
        var all: [JournalEvent] { lock.withLock { events } }
        var journal: ResourceJournal {
            ResourceJournal(record: { event in self.lock.withLock { self.events.append(event) } }, note: { _ in })
        }
    }

    @Test("willCreate checks each zpool create again: a foreign pool that appeared since is refused, untouched", .needsZFS)
    func recheckBeforeCreate() async throws {
        try await withTestScope { scope in
            let study = ZFSStudy(root: scope.directory, pool: scope.poolName(), scratchCount: 1, ndisks: [1], numjobs: [1])
            scope.cleansUp(after: study)
            let plan = try study.plan
            let directory = RunDirectory(root: study.results)
            let resources = StorageResources()
            let events = Events()
            let bindings = try await resources.prepareRun(plan: plan, runID: "run-a", directory: directory, journal: events.journal)
            #expect(bindings["scratch0"]?.hasPrefix("/dev/loop") == true)
            #expect(
                events.all.compactMap(\.resource) == [
                    JournalResource(kind: .loop, name: bindings["scratch0"] ?? "", file: study.scratchFiles[0])
                ])

            let argv = try #require(plan.groups.first?.setup.first).argv.map {
                Placeholder.substitute($0, bindings.merging(["run": "run-a"]) { $1 })
            }
            // Not ours to create on: a device outside the plan's.
            let other = try await scope.scratch(1, prefix: "other")
            let stray = argv.dropLast() + [other[0].devicePath]
            let strayRefusal = await #expect(throws: RunRefusal.self) {
                try await resources.willCreate(.pool(study.pool), argv: Array(stray), runID: "run-a")
            }
            #expect(
                strayRefusal?.message.contains("refusing \(other[0].devicePath): not listed in the experiment's disks") == true,
                "\(strayRefusal?.message ?? "")")
            // A marker of another run is refused before anything runs.
            let markerRefusal = await #expect(throws: RunRefusal.self) {
                try await resources.willCreate(
                    .pool(study.pool), argv: argv.map { $0 == "iosweep:run=run-a" ? "iosweep:run=x" : $0 }, runID: "run-a")
            }
            #expect(markerRefusal?.message.contains("must carry") == true)
            // A pool of the same name imported since prepareRun.
            try await scope.createPoolUnguarded(study.pool, ["zpool", "create", "-f", study.pool, other[0].devicePath])
            do {
                try await resources.willCreate(.pool(study.pool), argv: argv, runID: "run-a")
                Issue.record("a foreign pool was not refused")
            } catch let refusal as RunRefusal {
                #expect(refusal.message.contains("pool '\(study.pool)' is already imported"))
            }
            #expect(try await ZFS().importedPools().contains(study.pool))

            await resources.finishRun(plan: plan, runID: "run-a", directory: directory, journal: events.journal)
            #expect(try await Leftovers.loops(backing: study.scratchFiles).isEmpty)
            #expect(try await ZFS().importedPools().contains(study.pool), "the foreign pool must survive finishRun")
            #expect(events.all.filter { $0.event == .resourceDestroyed }.compactMap(\.resource).map(\.kind) == [.loop])
        }
    }

    @Test(
        "a scratch file left inside the results directory is this run's: detached, deleted, made again; outside it is refused",
        .needsLoopDevices)
    func leftoverScratchFiles() async throws {
        try await withTestScope { scope in
            let study = ZFSStudy(root: scope.directory, pool: scope.poolName(), scratchCount: 1, ndisks: [1], numjobs: [1])
            scope.cleansUp(after: study)
            let directory = RunDirectory(root: study.results)
            // Killed between `losetup` and the journal: the file exists and is attached, nothing journalled.
            try FileManager.default.createDirectory(atPath: study.results + "/.scratch", withIntermediateDirectories: true)
            try await scope.host.check(["truncate", "-s", "64M", study.scratchFiles[0]])
            let stale = try await scope.attach(study.scratchFiles[0])
            var plan = try study.plan
            plan.groups = []
            let resources = StorageResources()
            let bindings = try await resources.prepareRun(plan: plan, runID: "run-b", directory: directory, journal: Events().journal)
            let attached = try await Leftovers.loops(backing: study.scratchFiles).map(\.path)
            #expect(attached == [bindings["scratch0"]], "only the new loop device may be attached: \(attached), stale was \(stale)")
            await resources.finishRun(plan: plan, runID: "run-b", directory: directory, journal: Events().journal)
            #expect(try await Leftovers.loops(backing: study.scratchFiles).isEmpty)

            // The same outside the results directory belongs to someone else: refused, left as it is.
            let outside = scope.directory + "/elsewhere/scratch0.img"
            try FileManager.default.createDirectory(atPath: scope.directory + "/elsewhere", withIntermediateDirectories: true)
            try await scope.host.check(["truncate", "-s", "64M", outside])
            let theirs = try await scope.attach(outside)
            plan.scratch[0].file = outside
            do {
                _ = try await resources.prepareRun(plan: plan, runID: "run-b", directory: directory, journal: Events().journal)
                Issue.record("an existing scratch file outside the results directory was not refused")
            } catch let refusal as RunRefusal {
                #expect(refusal.message.contains("\(outside) exists already (attached to \(theirs))"), "\(refusal.message)")
            }
            #expect(try await Leftovers.loops(backing: [outside]).map(\.path) == [theirs])
            #expect(FileManager.default.fileExists(atPath: outside))
        }
    }
}
