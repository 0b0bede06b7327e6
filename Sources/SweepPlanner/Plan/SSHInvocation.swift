import SweepModel

/// How a command reaches another host: one `ssh` process whose remote command line iosweep quoted itself, word by
/// word, in POSIX single quotes — the only shell iosweep ever speaks to, and only with words it quoted. The runner
/// (`SSHHost`) and the dry-run script (`plan --format sh`) build the same argv from here.
public enum SSHInvocation {
    /// The environment keys a remote command gets: the locale, sysstat's time format, `PATH` and the run marker.
    public static let forwardedKeys: Set<String> = ["PATH", "LC_ALL", "S_TIME_FORMAT", "IOSWEEP_RUN_ID"]

    /// `ssh`'s own options: batch mode (never a password or host-key prompt), the connect timeout, keep-alives
    /// that notice a lost host, and — with a `controlPath` — one multiplexed connection for every command.
    public static func options(connectTimeout: Int, controlPath: String?) -> [String] {
        var out = [
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=\(connectTimeout)", "-o", "ServerAliveInterval=5", "-o",
            "ServerAliveCountMax=3",
        ]
        if let controlPath {
            out += ["-o", "ControlMaster=auto", "-o", "ControlPath=\(controlPath)", "-o", "ControlPersist=600"]
        }
        return out
    }

    /// The remote command line for `argv`: each word single-quoted, the forwarded part of `environment` set with
    /// `env -i`, after `cd` to `workingDirectory` when given.
    public static func remoteCommand(_ argv: [String], environment: [String: String], workingDirectory: String? = nil) -> String {
        let assignments = environment.filter { forwardedKeys.contains($0.key) }.sorted { $0.key < $1.key }
            .map { ShellWord.singleQuoted("\($0.key)=\($0.value)") }
        let command = (["exec", "env", "-i"] + assignments + argv.map(ShellWord.singleQuoted)).joined(separator: " ")
        return workingDirectory.map { "cd -- \(ShellWord.singleQuoted($0)) && " + command } ?? command
    }

    /// The local argv before the remote command: `ssh OPTIONS HOST-OPTIONS -- DESTINATION`.
    public static func prefix(_ host: StudyHost, connectTimeout: Int = 10, controlPath: String? = nil) -> [String] {
        ["ssh"] + options(connectTimeout: connectTimeout, controlPath: controlPath) + host.sshOptions + ["--", host.ssh ?? host.name]
    }
}
