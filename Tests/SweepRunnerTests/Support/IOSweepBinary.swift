import Foundation
import IOSweepTestSupport
import SweepRunner
import Testing

/// Runs the built `iosweep` executable, as users do.
enum IOSweepBinary {
    /// The package's source tree (for files such as `Experiments/workload.fio`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `iosweep` product beside the test bundle (``BuiltProducts``).
    static var path: String? { BuiltProducts.executable("iosweep") }

    struct Result {
        var termination: Termination
        var stdout: String
        var stderr: String
    }

    /// Starts `iosweep ARGS` in the background (its own process group).
    /// `launcher`, when given, is the whole argv (a wrapper that runs iosweep itself).
    static func start(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], launcher: [String]? = nil
    ) async throws -> (any RunningProcess, stdout: String, stderr: String) {
        let binary = try #require(path, "build iosweep first: swift build --build-tests")
        let stamp = UUID().uuidString.prefix(8)
        let stdout = directory + "/iosweep-\(stamp).out"
        let stderr = directory + "/iosweep-\(stamp).err"
        var env = ["PATH": RunOptions.defaultPath, "NO_COLOR": "1"]
        env.merge(environment) { $1 }
        let process = try await LocalHost().start(
            Command(
                argv: launcher ?? [binary] + arguments, environment: env, workingDirectory: directory, stdoutPath: stdout,
                stderrPath: stderr))
        return (process, stdout, stderr)
    }

    /// Runs `iosweep ARGS` to completion (at most `timeout` seconds, then killed and recorded as an issue).
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], timeout: Double = 300
    ) async throws -> Result {
        let (process, stdout, stderr) = try await start(arguments, in: directory, environment: environment)
        return await finish(process, stdout: stdout, stderr: stderr, timeout: timeout)
    }

    static func finish(_ process: any RunningProcess, stdout: String, stderr: String, timeout: Double = 300) async -> Result {
        guard let termination = await process.wait(upTo: timeout) else {
            process.signal(SIGKILL)
            Issue.record("iosweep did not finish within \(Int(timeout)) s")
            return Result(termination: await process.wait(), stdout: read(stdout), stderr: read(stderr))
        }
        return Result(termination: termination, stdout: read(stdout), stderr: read(stderr))
    }

    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
