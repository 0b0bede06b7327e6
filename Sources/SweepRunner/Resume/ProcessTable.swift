import Foundation
import SweepRecords

/// Reads `/proc` (Linux), on top of ``LiveProcess``, adding the run marker from each environment.
package enum ProcessTable {
    /// Every live (not zombie) process whose process group is `group`.
    package static func members(of group: Int32) -> [ProcessEntry] {
        LiveProcess.all().filter { $0.pgid == group && $0.state != "Z" }.map(entry)
    }

    /// The process `pid`, unless it is gone or a zombie.
    package static func info(_ pid: Int32) -> ProcessEntry? {
        LiveProcess.read(pid).flatMap { $0.state == "Z" ? nil : entry($0) }
    }

    /// The process group of a live process.
    package static func processGroup(of pid: Int32) -> Int32? {
        info(pid)?.processGroup
    }

    private static func entry(_ process: LiveProcess) -> ProcessEntry {
        ProcessEntry(pid: process.pid, processGroup: process.pgid, argv: process.cmdline, runID: runID(of: process.pid))
    }

    private static func runID(of pid: Int32) -> String? {
        guard let data = FileSystem.read("/proc/\(pid)/environ") else { return nil }
        let prefix = Data((RunMarker.environmentKey + "=").utf8)
        for entry in data.split(separator: 0) where entry.starts(with: prefix) {
            return String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
        }
        return nil
    }
}
