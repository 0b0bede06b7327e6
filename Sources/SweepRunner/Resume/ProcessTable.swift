import Foundation

/// What `/proc` says about a process: enough to recognise the leftovers of an interrupted run.
public struct ProcessEntry: Hashable, Sendable {
    public var pid: Int32
    public var processGroup: Int32
    public var argv: [String]
    /// Whether the environment carries `IOSWEEP_RUN_ID=<runID>` (unreadable environments count as no).
    public var runID: String?
}

/// Reads `/proc` (Linux).
public enum ProcessTable {
    /// Every process whose process group is `group`.
    public static func members(of group: Int32) -> [ProcessEntry] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { Int32($0) }.compactMap { pid in
            guard processGroup(of: pid) == group else { return nil }
            return info(pid)
        }
    }

    public static func info(_ pid: Int32) -> ProcessEntry? {
        guard let group = processGroup(of: pid) else { return nil }
        return ProcessEntry(pid: pid, processGroup: group, argv: commandLine(of: pid), runID: runID(of: pid))
    }

    /// The argv of `pid` from `/proc/PID/cmdline`.
    public static func commandLine(of pid: Int32) -> [String] {
        guard let data = FileSystem.read("/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The fifth field of `/proc/PID/stat` (after the parenthesised command name).
    public static func processGroup(of pid: Int32) -> Int32? {
        guard let data = FileSystem.read("/proc/\(pid)/stat"),
            let close = data.lastIndex(of: 0x29)
        else { return nil }
        let fields = data[(close + 1)...].split(separator: 0x20)
        // fields: state, ppid, pgrp, …
        guard fields.count > 2, fields[0] != Data("Z".utf8) else { return nil }
        return Int32(String(decoding: fields[2], as: UTF8.self))
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
