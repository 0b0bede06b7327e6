/// What a step's rendered line is made of, for the renderers' memos: its argv by storage address (the planner
/// shares one argv array among the step lists that have the step), and every other field the line shows.
struct StepLineKey: Hashable {
    let argv: UnsafeRawPointer
    let kind: Step.Kind
    let host: String?
    let stdout: String?

    /// The key of `step`; `nil` for an empty argv, which has no storage to name it.
    init?(_ step: Step) {
        guard let address = step.argv.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }), !step.argv.isEmpty
        else { return nil }
        argv = address
        kind = step.kind
        host = step.host
        stdout = step.stdout
    }
}
