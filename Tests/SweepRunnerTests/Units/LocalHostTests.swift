import Foundation
import SweepRunner
import Testing

@Suite struct LocalHostTests {
    private let host = LocalHost()

    @Test("A short command gets exactly the environment it is given, nothing inherited")
    func explicitEnvironment() async throws {
        let environment = ["PATH": RunOptions.defaultPath, "LC_ALL": "C", "IOSWEEP_PROBE": "a b"]
        let result = try await host.run(["env"], environment: environment, limit: 4096)
        #expect(result.termination == .exited(0))
        #expect(result.stdoutLines.sorted() == ["IOSWEEP_PROBE=a b", "LC_ALL=C", "PATH=\(RunOptions.defaultPath)"])
    }

    @Test("The short form runs with this process's environment and LC_ALL=C")
    func machineEnvironment() async throws {
        let lines = try await host.check(["env"]).stdoutLines
        #expect(lines.contains("LC_ALL=C"))
        #expect(lines.contains { $0.hasPrefix("PATH=") })
    }

    @Test("A non-zero exit is a result with its stderr; check turns it into CommandError.failed")
    func nonZeroExit() async throws {
        let argv = ["ls", "/iosweep-no-such-path"]
        let result = try await host.run(argv)
        #expect(result.termination == .exited(2))
        #expect(!result.succeeded)
        #expect(result.stderr.contains("iosweep-no-such-path"))
        await #expect(throws: CommandError.failed(result)) { try await host.check(argv) }
    }

    @Test("Output beyond the capture limit fails the command instead of being cut")
    func captureLimit() async throws {
        let environment = ["PATH": RunOptions.defaultPath]
        let small = try await host.run(["seq", "1", "10"], environment: environment, limit: 100)
        #expect(small.stdoutLines.count == 10)
        await #expect(throws: CommandError.self) {
            _ = try await host.run(["seq", "1", "10000"], environment: environment, limit: 100)
        }
    }

    @Test("A short command not on the environment's PATH is not started")
    func missingCommand() async {
        let notFound = CommandError.notStarted(argv: ["iosweep-no-such-tool"], reason: "command not found in PATH (/usr/bin)")
        await #expect(throws: notFound) {
            _ = try await host.run(["iosweep-no-such-tool"], environment: ["PATH": "/usr/bin"], limit: 100)
        }
    }
}
