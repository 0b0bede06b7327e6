import ArgumentParser
import SweepModel
import Foundation
import SweepRunner

extension IOSweep {
    /// `iosweep clean DIR`: tears down what a dead run left behind.
    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tear down what a dead run left: its processes, marked pools, loop devices and scratch files.",
            discussion: """
                Reads the run id from DIR/\(RunLayout.manifest) and the resources from DIR/\(RunLayout.journal). \
                Ends leftover process groups (command lines verified), destroys only pools carrying \
                iosweep:run=<run id>, detaches only loop devices backed by the run's scratch files, and \
                deletes those files. Safe to run again: a second pass finds nothing to do. A directory \
                whose run is still alive is refused (exit 4), as a second `run` is.

                Examples:
                  iosweep clean results/quickstart
                """
        )

        @Argument(help: "The run (results) directory.", completion: .directory)
        var directory: String

        func run() async throws {
            let actions: [RunCleanup.Action]
            do {
                // Pools and mounts live on the plan's storage host (over ssh when it is another machine).
                let plan = RunDirectoryRecord.plan(in: directory)
                let host = plan.map { RunHosts(plan: $0, directory: directory)[$0.storageHost] } ?? LocalHost()
                actions = try await RunCleanup(directory: directory, host: host).run()
            } catch let error as RunCleanupError {
                FileHandle.standardError.write(Data("iosweep clean: error: \(error)\n".utf8))
                throw ExitCode.validationFailure
            } catch let error as RunLockError {
                FileHandle.standardError.write(Data("iosweep clean: error: \(error)\n".utf8))
                throw ExitStatus.locked
            }
            if actions.isEmpty {
                print("nothing to clean in \(directory)")
                return
            }
            var failed = false
            for action in actions {
                if case .failed = action {
                    failed = true
                    FileHandle.standardError.write(Data("iosweep clean: \(action)\n".utf8))
                } else {
                    print(action)
                }
            }
            if failed { throw ExitStatus.failure }
        }
    }
}
