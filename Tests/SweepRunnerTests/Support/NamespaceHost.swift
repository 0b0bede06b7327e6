import Foundation
import SweepRunner
import Testing

/// A host of the test's own, for what crosses a network: a network namespace (`iosw-<id>`) joined to this one by a
/// veth pair on a /29 of 10.213.0.0/16 (this side `.1`, the namespace `.2`; `.5` answers nobody), and an sshd
/// listening on the namespace's address with a generated host key and a client key of the test's. Everything
/// goes at the scope's teardown: the sshd, the namespace (and the veth pair with it), the keys.
struct NamespaceHost {
    /// The namespace's name, unique per test.
    var name: String
    /// The namespace's address, where its sshd listens.
    var address: String
    /// An address in the same subnet that nobody holds: a connection to it times out.
    var unreachable: String
    /// `ssh` arguments that reach the sshd: the client key, the generated known_hosts, strict host key checking.
    var sshOptions: [String]
    /// The sshd's pid file: with private mounts, `/proc/PID/ns/mnt` is the host's own mount namespace.
    var sshdPIDFile: String

    /// `argv` run in the host's mount namespace (``make(in:tag:forceCommand:privateMounts:)`` with `privateMounts`):
    /// what the host's commands see, and this machine does not.
    func inItsMounts(_ argv: [String]) throws -> [String] {
        let pid = try String(contentsOfFile: sshdPIDFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return ["nsenter", "--mount=/proc/\(pid)/ns/mnt", "--"] + argv
    }

    /// An ``SSHHost`` for `root@address`.
    func ssh(controlPath: String? = nil, connectTimeout: Int = 5) -> SSHHost {
        SSHHost(destination: "root@" + address, options: sshOptions, controlPath: controlPath, connectTimeout: connectTimeout)
    }

    /// Makes the namespace, its link and its sshd in `scope`, and waits (at most 5 s) until ssh answers.
    /// A namespace host of its own; with `forceCommand`, its sshd runs that for every session (the original command
    /// in `SSH_ORIGINAL_COMMAND`): how a test gives one host other programs than the rest.
    /// `tag` (one letter or digit) tells apart several hosts of one test. With `privateMounts` the sshd (and so every
    /// command of the host) runs in a mount namespace of its own, made private: what the test mounts there
    /// (``inItsMounts(_:)``) is seen by the host only, as on another machine; it goes with the sshd.
    static func make(
        in scope: TestScope, tag: Character = "0", forceCommand: String? = nil, privateMounts: Bool = false
    ) async throws -> NamespaceHost {
        let host = scope.host
        let id = String(scope.id.suffix(5)) + String(tag)
        let name = "iosw-\(id)"
        let outside = "vh\(id)"
        let inside = "vn\(id)"
        let used = try await host.check(["ip", "-o", "-4", "addr", "show"]).stdout
        let subnet = try #require(
            (0..<20).lazy.map { _ in "10.213.\(Int.random(in: 0...255)).\(Int.random(in: 0...31) * 8)" }
                .first { !used.contains(String($0.dropLast(2))) }, "no free 10.213.x.y/29")
        let prefix = String(subnet[..<subnet.lastIndex(of: ".")!])
        let base = Int(subnet[subnet.index(after: subnet.lastIndex(of: ".")!)...])!
        let (mine, theirs, nobody) = ("\(prefix).\(base + 1)", "\(prefix).\(base + 2)", "\(prefix).\(base + 5)")

        scope.onTeardown(run: ["ip", "netns", "del", name])
        try await host.check(["ip", "netns", "add", name])
        try await host.check(["ip", "link", "add", outside, "type", "veth", "peer", "name", inside])
        scope.onTeardown(run: ["ip", "link", "del", outside])
        try await host.check(["ip", "link", "set", inside, "netns", name])
        try await host.check(["ip", "addr", "add", "\(mine)/29", "dev", outside])
        try await host.check(["ip", "link", "set", outside, "up"])
        for argv in [
            ["ip", "addr", "add", "\(theirs)/29", "dev", inside], ["ip", "link", "set", inside, "up"], ["ip", "link", "set", "lo", "up"],
        ] {
            try await host.check(["ip", "netns", "exec", name] + argv)
        }

        let keys = scope.directory + "/ssh-\(id)"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for key in ["host_key", "id_ed25519"] {
            try await host.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "iosweep-test", "-f", keys + "/" + key])
        }
        try FileManager.default.copyItem(atPath: keys + "/id_ed25519.pub", toPath: keys + "/authorized_keys")
        let hostKey = try String(contentsOfFile: keys + "/host_key.pub", encoding: .utf8)
        try "\(theirs) \(hostKey)".write(toFile: keys + "/known_hosts", atomically: true, encoding: .utf8)
        try """
        ListenAddress \(theirs)
        Port 22
        HostKey \(keys)/host_key
        PidFile \(keys)/sshd.pid
        AuthorizedKeysFile \(keys)/authorized_keys
        StrictModes no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        UsePAM no
        LogLevel ERROR
        ClientAliveInterval 5
        ClientAliveCountMax 2
        # bash run by sshd reads ~/.bashrc (a slow pyenv init here) unless SHLVL says it is nested
        SetEnv SHLVL=1
        \(forceCommand.map { "ForceCommand " + $0 } ?? "")

        """.write(toFile: keys + "/sshd_config", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        scope.onTeardown("sshd of \(name)") {
            if let pid = try? String(contentsOfFile: keys + "/sshd.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                let number = Int32(pid)
            {
                kill(number, SIGTERM)
            }
        }
        // Only the network namespace (`ip netns exec` would add a mount namespace): a pool or file system a step
        // there mounts is seen by every host, as they all share this machine's file systems.
        let ownMounts = privateMounts ? ["unshare", "--mount", "--propagation", "private"] : []
        try await host.check(["nsenter", "--net=/run/netns/\(name)"] + ownMounts + ["/usr/sbin/sshd", "-f", keys + "/sshd_config"])

        let made = NamespaceHost(
            name: name, address: theirs, unreachable: nobody,
            sshOptions: [
                "-i", keys + "/id_ed25519", "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=\(keys)/known_hosts",
                "-o", "StrictHostKeyChecking=yes", "-F", "/dev/null",
            ], sshdPIDFile: keys + "/sshd.pid")
        for attempt in 1...50 {
            if (try? await made.ssh().run(["true"]))?.succeeded == true { return made }
            guard attempt < 50 else { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("sshd in \(name) did not answer within 5 s")
        return made
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) unless root with `ip` and OpenSSH's sshd and ssh-keygen.
    static var needsNamespaces: Self {
        .enabled("needs root, iproute2 and openssh-server (Scripts/bootstrap.sh installs them)") {
            guard Requirements.isRoot,
                ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"].allSatisfy(FileManager.default.isExecutableFile(atPath:))
            else { return false }
            return (try? await LocalHost().run(["ip", "-V"]))?.succeeded == true
        }
    }
}
