import Foundation
import SweepPlanner

/// Runs commands on another machine over OpenSSH, through the same seam as ``LocalHost``: argv in, exit status
/// and output out. No agent, no protocol of iosweep's own: each command is one `ssh` process run by `local`.
///
/// The remote side gets one command line that iosweep quoted itself, word by word, in POSIX single quotes (every
/// byte of every value stays one word, whatever the remote login shell): `cd -- 'DIR' && exec env -i 'K=V'…
/// 'ARGV0' 'ARGV1'…`. The environment is replaced, as ``LocalHost`` replaces it, by the forwarded keys only
/// (``forwardedKeys``). `ssh` itself runs with `BatchMode=yes` (never a password or host-key prompt), a connect
/// timeout, keep-alives that notice a lost host, and — when ``controlPath`` is set — one multiplexed connection
/// for every command (`ControlMaster=auto`, `ControlPersist`), closed by ``closeConnection()``.
package struct SSHHost: Host {
    /// `root@10.20.0.2`, `storage` (an ssh_config alias).
    package var destination: String
    /// More `ssh` arguments from the experiment (`-i keys/id_ed25519 -p 2222`), before the destination.
    package var options: [String]
    /// The socket of the multiplexed connection (under the run directory), or `nil` for one connection per command.
    package var controlPath: String?
    /// Seconds `ssh` waits for the connection (`ConnectTimeout`).
    package var connectTimeout: Int
    /// Where `ssh` runs.
    package var local: any Host

    /// The environment keys a remote command gets from the given environment (``Command/environment(path:runID:)``'s).
    package static var forwardedKeys: Set<String> { SSHInvocation.forwardedKeys }

    package init(
        destination: String, options: [String] = [], controlPath: String? = nil, connectTimeout: Int = 10,
        local: any Host = LocalHost()
    ) {
        self.destination = destination
        self.options = options
        self.controlPath = controlPath
        self.connectTimeout = connectTimeout
        self.local = local
    }

    /// The command line the remote shell runs for `argv` (``SSHInvocation/remoteCommand(_:environment:workingDirectory:)``).
    package static func remoteCommand(_ argv: [String], environment: [String: String], workingDirectory: String?) -> String {
        SSHInvocation.remoteCommand(argv, environment: environment, workingDirectory: workingDirectory)
    }

    /// `ssh`'s own options (``SSHInvocation/options(connectTimeout:controlPath:)``).
    package var sshOptions: [String] { SSHInvocation.options(connectTimeout: connectTimeout, controlPath: controlPath) }

    /// The local argv that runs `argv` on the remote host: `ssh OPTIONS -- DESTINATION 'remote command'` (what ``run``
    /// spawns; ``start(_:)`` puts the pid line first, see ``startArgv(_:environment:workingDirectory:)``).
    package func argv(_ argv: [String], environment: [String: String], workingDirectory: String? = nil) -> [String] {
        ["ssh"] + sshOptions + options + [
            "--", destination, Self.remoteCommand(argv, environment: environment, workingDirectory: workingDirectory),
        ]
    }

    /// The local argv ``start(_:)`` spawns for `argv`: the remote shell names its pid, then execs the command.
    package func startArgv(_ argv: [String], environment: [String: String], workingDirectory: String? = nil) -> [String] {
        let remote =
            "echo \(RemoteProcess.pidLine) $$ >&2; "
            + Self.remoteCommand(argv, environment: environment, workingDirectory: workingDirectory)
        return ["ssh"] + sshOptions + options + ["--", destination, remote]
    }

    package func start(_ command: Command) async throws -> any RunningProcess {
        try refuseUnsendable(command.argv)
        // The local ssh carries the run's marker too: recovery after a crash finds it (and so ends the session).
        var environment = Command.machineEnvironment
        environment[RunMarker.environmentKey] = command.environment[RunMarker.environmentKey]
        // The remote shell names its pid first (on stderr), then becomes the command: signals can reach it there.
        let process = try await local.start(
            Command(
                argv: startArgv(command.argv, environment: command.environment, workingDirectory: command.workingDirectory),
                environment: environment, stdoutPath: command.stdoutPath, stderrPath: command.stderrPath))
        return RemoteProcess(local: process, host: self, stderrPath: command.stderrPath)
    }

    package func run(_ argv: [String], environment: [String: String], limit: Int) async throws -> CommandResult {
        try refuseUnsendable(argv)
        var result = try await local.run(self.argv(argv, environment: environment), environment: Command.machineEnvironment, limit: limit)
        result.argv = argv
        return result
    }

    /// Ends the multiplexed connection (`ssh -O exit`); nothing to do without one or when none is open.
    package func closeConnection() async {
        guard controlPath != nil else { return }
        _ = try? await local.run(
            ["ssh"] + sshOptions + options + ["-O", "exit", "--", destination], environment: Command.machineEnvironment,
            limit: CommandResult.defaultLimit)
    }

    /// Refuses what ssh would misread: an empty command, a destination that is an option, a NUL byte (which no
    /// argv can carry).
    private func refuseUnsendable(_ argv: [String]) throws {
        guard let first = argv.first, !first.isEmpty else { throw CommandError.notStarted(argv: argv, reason: "empty command") }
        if destination.isEmpty || destination.hasPrefix("-") {
            throw CommandError.notStarted(argv: argv, reason: "ssh destination '\(destination)' is not a host")
        }
        if argv.contains(where: { $0.utf8.contains(0) }) {
            throw CommandError.notStarted(argv: argv, reason: "an argument holds a NUL byte")
        }
    }
}
