import Foundation
import SweepPlanner

/// A long-running command on another host, started by ``SSHHost/start(_:)``: the local `ssh` that carries it, and
/// the process it runs there, whose pid (= its process group: sshd makes every session its own) the remote shell
/// writes first to stderr (``pidLine``) before it `exec`s the command. Signals go to the remote process group over
/// the same connection — ssh forwards none without a terminal, and an `iostat -o JSON` must get its SIGINT to close
/// its document; SIGKILL, or a signal before the pid is known, also ends the local `ssh`, which ends the session.
package struct RemoteProcess: RunningProcess {
    /// The local `ssh`.
    package let local: any RunningProcess
    package let host: SSHHost
    /// The stderr file the remote pid line is read from.
    package let stderrPath: String?

    /// The first line the remote shell writes: `iosweep-remote-pid PID`.
    package static let pidLine = "iosweep-remote-pid"

    package var pid: Int32 { local.pid }
    package var processGroup: Int32 { local.processGroup }
    package var termination: Termination? { local.termination }

    /// The remote process's pid, once its shell wrote it.
    package var remotePID: Int32? {
        guard let stderrPath, let handle = FileHandle(forReadingAtPath: stderrPath) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 64)) ?? Data(), as: UTF8.self)
        guard let line = head.split(separator: "\n").first, line.hasPrefix(Self.pidLine + " ") else { return nil }
        return Int32(line.dropFirst(Self.pidLine.count + 1)).flatMap { $0 > 1 ? $0 : nil }
    }

    package func signal(_ signal: Int32) {
        guard termination == nil else { return }
        guard let remote = remotePID else {
            local.signal(signal)
            return
        }
        let host = host
        let name = SignalName.name(of: signal)
        Task { _ = try? await host.run(["kill", "-\(name)", "--", "-\(remote)"]) }
        if signal == SIGKILL { local.signal(signal) }
    }

    package func wait(upTo seconds: Double?) async -> Termination? {
        await local.wait(upTo: seconds)
    }
}
