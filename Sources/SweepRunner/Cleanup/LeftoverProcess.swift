import Foundation

/// A live process found in `/proc`: its id, process group, state and command line.
struct LiveProcess: Hashable, Sendable {
    var pid: Int32
    var pgid: Int32
    /// The state letter of `/proc/PID/stat` (`R`, `S`, `Z`, …).
    var state: Character
    var cmdline: [String]

    /// The process `pid`, or `nil` when it is gone.
    static func read(_ pid: Int32, proc: String = "/proc") -> LiveProcess? {
        guard let stat = FileManager.default.contents(atPath: "\(proc)/\(pid)/stat"),
            let cmdline = FileManager.default.contents(atPath: "\(proc)/\(pid)/cmdline")
        else { return nil }
        // `PID (COMM) STATE PPID PGRP …`; COMM may hold spaces and parentheses, so split after the last `)`.
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 3, let state = fields[0].first, let pgid = Int32(fields[2]) else { return nil }
        let arguments = cmdline.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return LiveProcess(pid: pid, pgid: pgid, state: state, cmdline: Array(arguments.dropLast(cmdline.last == 0 ? 1 : 0)))
    }

    /// Every live process (zombies included).
    static func all(proc: String = "/proc") -> [LiveProcess] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []
        return entries.compactMap { Int32($0) }.compactMap { read($0, proc: proc) }
    }

    /// Whether this process runs `argv`: same arguments, and the same program name (a path in
    /// either may differ: `fio` is exec'd as `/usr/bin/fio`).
    func runs(_ argv: [String]) -> Bool {
        state != "Z" && Self.commandLine(cmdline, runs: argv)
    }

    /// Whether a process whose command line is `cmdline` runs `argv`: the same program name and arguments,
    /// also when `argv` starts with `env NAME=VALUE…`, which execs the program in its place (the collectors'
    /// `env LC_ALL=C S_TIME_FORMAT=ISO iostat …` shows up as `iostat …`).
    static func commandLine(_ cmdline: [String], runs argv: [String]) -> Bool {
        func base(_ path: String) -> Substring { path.split(separator: "/").last ?? Substring(path) }
        func same(_ wanted: ArraySlice<String>) -> Bool {
            guard cmdline.count == wanted.count, let program = cmdline.first, let name = wanted.first else { return false }
            return base(program) == base(name) && cmdline.dropFirst().elementsEqual(wanted.dropFirst())
        }
        if same(argv[...]) { return true }
        guard let first = argv.first, base(first) == "env" else { return false }
        return same(argv.dropFirst().drop(while: { $0.contains("=") && !$0.hasPrefix("-") }))
    }
}

/// Ends the process groups a dead run left behind, each only after its command line is verified.
enum LeftoverProcesses {
    /// A recorded process group and the argvs started in it.
    struct Group: Hashable, Sendable {
        var pgid: Int32
        var argvs: [[String]]
    }

    /// Process groups that still hold a process running one of their recorded argvs.
    static func alive(_ groups: [Group]) -> [(group: Group, members: [LiveProcess])] {
        let processes = LiveProcess.all()
        let own = getpgrp()
        return groups.compactMap { group in
            guard group.pgid > 1, group.pgid != own else { return nil }
            let members = processes.filter { process in
                process.pgid == group.pgid && group.argvs.contains(where: process.runs)
            }
            return members.isEmpty ? nil : (group, members)
        }
    }

    /// Sends SIGTERM to the group, then SIGKILL after `grace` seconds if a verified member is still alive.
    /// Returns whether no verified member is left.
    static func end(_ group: Group, grace: Double = 3) async -> Bool {
        await ProcessControl.escalate(
            ProcessControl.terminateSequence(grace: grace, killGrace: 2),
            send: { kill(-group.pgid, $0) }, ended: { alive([group]).isEmpty })
    }
}
