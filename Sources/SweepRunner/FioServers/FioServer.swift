import Foundation
import SweepPlanner

/// A managed `fio --server` on a load-generating host, reached through any ``Host`` (``SSHHost`` for another
/// machine): started daemonized with the run's marker in its environment, its pid read from its pid file, and
/// stopped only when `/proc/PID` shows it is this very server of this run — never another fio.
package struct FioServer: Sendable {
    /// Where the server runs.
    package var host: any Host
    /// The name of that host in messages (`c1`).
    package var hostName: String
    /// The address the server listens on and the controller's `--client=` names.
    package var address: String
    package var port: Int
    package var runID: String

    package init(host: any Host, hostName: String, address: String, port: Int = 8765, runID: String) {
        self.host = host
        self.hostName = hostName
        self.address = address
        self.port = port
        self.runID = runID
    }

    /// `ip:10.20.0.3,8765` (`ip6:` for an IPv6 address): fio's form for `--server=` and `--client=`.
    package var endpoint: String { FioClients.endpoint(address: address, port: port) }

    /// The server's pid file on its host: one per run, host and port (hosts may share a `/tmp`).
    package var pidFile: String {
        "/tmp/iosweep-fio-server-" + String(runID.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
            + "-" + String(hostName.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" }) + "-\(port).pid"
    }

    /// The environment of the server: `environment` (``Command/environment(path:runID:)``) with the run's marker.
    private func serverEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.merging([RunMarker.environmentKey: runID]) { _, marker in marker }
    }

    /// Starts the server (`fio --server=ENDPOINT --daemonize=PIDFILE`) and returns its pid on its host, once its pid
    /// file names it (at most 5 s).
    package func start(environment: [String: String]) async throws -> Int32 {
        _ = try? await host.run(["rm", "-f", pidFile], environment: environment, limit: CommandResult.defaultLimit)
        let started = try await host.run(
            ["fio", "--server=\(endpoint)", "--daemonize=\(pidFile)"], environment: serverEnvironment(environment),
            limit: CommandResult.defaultLimit)
        guard started.succeeded else {
            throw FioServerError.notStarted(host: hostName, endpoint: endpoint, reason: started.stderr.trimmingWhitespace)
        }
        for _ in 0..<50 {
            let read = try await host.run(["cat", pidFile], environment: environment, limit: 64)
            if read.succeeded, let pid = Int32(read.stdout.trimmingWhitespace), pid > 0 { return pid }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw FioServerError.notStarted(host: hostName, endpoint: endpoint, reason: "no pid in \(pidFile) after 5 s")
    }

    /// Whether `pid` on the host is this server of this run: its command line is `fio --server=ENDPOINT …` and its
    /// environment carries the run's marker.
    package func isOurs(_ pid: Int32, environment: [String: String]) async -> Bool {
        guard let cmdline = try? await host.run(["cat", "/proc/\(pid)/cmdline"], environment: environment, limit: 1 << 16),
            cmdline.succeeded,
            let environ = try? await host.run(["cat", "/proc/\(pid)/environ"], environment: environment, limit: 1 << 20), environ.succeeded
        else { return false }
        let argv = cmdline.stdout.split(separator: "\0").map(String.init)
        let isServer =
            argv.first.map { ($0.split(separator: "/").last.map(String.init) ?? $0) == "fio" } == true
            && argv.contains("--server=\(endpoint)")
        return isServer && environ.stdout.split(separator: "\0").contains { $0 == "\(RunMarker.environmentKey)=\(runID)" }
    }

    /// Stops the server `pid` if it is ours: SIGTERM, up to 3 s, then SIGKILL; removes its pid file. Returns whether
    /// it was ours (and is gone).
    @discardableResult
    package func stop(_ pid: Int32, environment: [String: String]) async throws -> Bool {
        guard await isOurs(pid, environment: environment) else { return false }
        // Each signal gets 3 s by the clock (a check over ssh may itself take a while), then the next.
        for signal in ["TERM", "KILL"] {
            _ = try await host.run(["kill", "-\(signal)", "\(pid)"], environment: environment, limit: CommandResult.defaultLimit)
            let deadline = Date().addingTimeInterval(3)
            repeat {
                if try await !isAlive(pid, environment: environment) {
                    _ = try? await host.run(["rm", "-f", pidFile], environment: environment, limit: CommandResult.defaultLimit)
                    return true
                }
                try await Task.sleep(nanoseconds: 100_000_000)
            } while Date() < deadline
        }
        throw FioServerError.survived(host: hostName, pid: pid)
    }

    /// Whether `pid` runs on the host: a reaped process is gone, and so is a zombie (ended, its parent not
    /// reaping yet).
    package func isAlive(_ pid: Int32, environment: [String: String]) async throws -> Bool {
        let state = try await host.run(["cat", "/proc/\(pid)/stat"], environment: environment, limit: 4096)
        return state.succeeded && state.stdout.split(separator: ")").last?.split(separator: " ").first != "Z"
    }

    /// Whether nothing listens on the server's TCP port on its host (`ss -Hltn`).
    package func portIsFree(environment: [String: String]) async throws -> Bool {
        let listening = try await host.run(["ss", "-Hltn", "sport = :\(port)"], environment: environment, limit: 1 << 16)
        guard listening.succeeded else {
            throw FioServerError.notStarted(host: hostName, endpoint: endpoint, reason: "ss: \(listening.stderr.trimmingWhitespace)")
        }
        return listening.stdout.trimmingWhitespace.isEmpty
    }

    /// The fio version on `host` (`fio-3.33`), from `fio --version`.
    package static func version(on host: any Host, environment: [String: String]) async throws -> String {
        let result = try await host.run(["fio", "--version"], environment: environment, limit: 4096)
        guard result.succeeded else { throw CommandError.failed(result) }
        return result.stdout.split(separator: "\n").first.map { String($0).trimmingWhitespace } ?? ""
    }

    /// Refuses a load generator whose fio differs from the controller's: client/server mode needs the same version
    /// at both ends.
    package func checkVersion(controller: String, environment: [String: String]) async throws {
        let remote = try await Self.version(on: host, environment: environment)
        guard remote == controller else { throw FioServerError.versionMismatch(host: hostName, found: remote, controller: controller) }
    }
}

/// Why a managed fio server cannot serve a run.
package enum FioServerError: Error, Hashable, Sendable, CustomStringConvertible {
    case notStarted(host: String, endpoint: String, reason: String)
    case survived(host: String, pid: Int32)
    case versionMismatch(host: String, found: String, controller: String)

    package var description: String {
        switch self {
        case .notStarted(let host, let endpoint, let reason):
            "the fio server on \(host) (\(endpoint)) did not start: \(reason)"
        case .survived(let host, let pid):
            "the fio server on \(host) (pid \(pid)) survived SIGKILL"
        case .versionMismatch(let host, let found, let controller):
            "fio on \(host) is \(found.isEmpty ? "of no known version" : found), this machine's is \(controller): fio's "
                + "client/server mode needs the same version at both ends; install \(controller) on \(host)"
        }
    }
}
