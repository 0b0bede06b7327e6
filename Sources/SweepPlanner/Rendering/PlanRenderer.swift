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
    /// The devices the plan destroys, space-separated, or `nothing`.
    var destroysList: String {
        guard !destroys.isEmpty else { return "nothing" }
        return destroys.joined(separator: " ") + (wipe ? " (wipe: true: signatures on them are not a refusal)" : "")
    }
}

extension Step {
    /// The argv quoted for bash with the stdout redirect: placeholders as variables (`"${cell}"`) for a
    /// script, or as written (`@{cell}`) for display.
    func commandLine(display: Bool) -> String {
        var line = ShellWord.command(argv, display: display)
        if let stdout {
            let target = "\(Placeholder.cell)/\(stdout)"
            line += " > " + (display ? ShellWord.display(target) : ShellWord.script(target))
        }
        return line
    }
}
