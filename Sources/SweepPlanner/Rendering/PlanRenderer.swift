import SweepModel

/// A way of writing a ``Plan`` out: ``TextRenderer`` (the human dry-run), ``ShellScriptRenderer`` (bash)
/// and ``JSONRenderer``.
///
/// With ``states`` (cell id → mark, read from an existing results directory) done cells are left out
/// (``Plan/remaining(_:)``); the text and shell renderers also mark the cells that remain.
public protocol PlanRenderer: Sendable {
    /// Cell id → mark from an existing results directory; empty when nothing has run.
    var states: [String: CellMark] { get }

    /// Writes `remaining` (`full` without its done cells) to `out`; `full` is there for totals.
    func render(_ remaining: Plan, of full: Plan, to out: inout RenderSink)
}

extension PlanRenderer {
    /// Writes `plan`, without the cells ``states`` marks done, to `out`.
    public func render(_ plan: Plan, to out: inout RenderSink) {
        render(plan.remaining(states), of: plan, to: &out)
    }

    /// The rendered plan, in memory.
    public func render(_ plan: Plan) -> String {
        var sink = RenderSink()
        render(plan, to: &sink)
        return sink.text
    }
}

/// `1 cell`, `3 cells`.
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension Plan {
    /// The devices the plan destroys, each quoted as a shell word, space-separated, or `nothing`.
    var destroysList: String {
        guard !destroys.isEmpty else { return "nothing" }
        return destroys.map(ShellWord.quote).joined(separator: " ") + (wipe ? " (wipe: true: signatures on them are not a refusal)" : "")
    }
}

extension Step {
    /// The argv quoted for bash with the stdout redirect: placeholders as the script's variables
    /// (`"${cell}"`, see ``ShellWord/script(_:variables:)``), or with `variables` `nil` as written (`@{cell}`)
    /// for display. `stdout` is a file name in the cell directory, never read for placeholders (the runner
    /// does not bind any there).
    ///
    /// A step on another host is shown `[HOST] ARGV`; in the script (`variables` given) it runs through `ssh`, its
    /// words POSIX-quoted for the remote shell by the script's `remote_words` (after bash has expanded the
    /// placeholders): `ssh OPTIONS -- DEST "$(remote_words ARGV…)"`. `hosts` are the plan's, by name.
    func commandLine(variables: [String: String]?, hosts: [String: StudyHost] = [:]) -> String {
        var bytes: [UInt8] = []
        appendCommandLine(variables: variables, hosts: hosts, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``commandLine(variables:hosts:)``.
    func appendCommandLine(variables: [String: String]?, hosts: [String: StudyHost] = [:], to out: inout [UInt8]) {
        let remote = variables != nil ? host.flatMap { hosts[$0] }.flatMap { $0.isRemote ? $0 : nil } : nil
        if let name = host, variables == nil {
            out += "[".utf8
            ShellWord.appendQuoted(name.utf8, to: &out)
            out += "] ".utf8
        }
        if let remote {
            ShellWord.appendCommand(SSHInvocation.prefix(remote), variables: nil, to: &out)
            out += " \"$(remote_words ".utf8
        }
        ShellWord.appendCommand(argv, variables: variables, to: &out)
        if remote != nil { out += ")\"".utf8 }
        if let stdout {
            out += " > ".utf8
            out += (variables == nil ? Placeholder.cell : "\"${cell}\"").utf8
            out.append(UInt8(ascii: "/"))
            ShellWord.appendQuoted(stdout.utf8, to: &out)
        }
    }
}
