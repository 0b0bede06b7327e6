/// What `/proc` says about a process: enough to recognise the leftovers of an interrupted run.
public struct ProcessEntry: Hashable, Sendable {
    public var pid: Int32
    public var processGroup: Int32
    public var argv: [String]
    /// Whether the environment carries `IOSWEEP_RUN_ID=<runID>` (unreadable environments count as no).
    public var runID: String?
}
