/// What `/proc` says about a process: enough to recognise the leftovers of an interrupted run.
package struct ProcessEntry: Hashable, Sendable {
    package var pid: Int32
    package var processGroup: Int32
    package var argv: [String]
    /// Whether the environment carries `IOSWEEP_RUN_ID=<runID>` (unreadable environments count as no).
    package var runID: String?
}
