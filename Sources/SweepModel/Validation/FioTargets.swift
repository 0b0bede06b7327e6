import Foundation
import Synchronization

/// The block devices an fio workload names: `/dev/…` paths in `filename`, `directory` and `opendir`, on the
/// command line or in the job file. fio writes to a device it is given as a file, so every device named
/// must be listed in `disks` (the allowlist), as a pool's devices must.
///
/// fio separates several names in one value with ':' (`filename=/dev/sdb:/dev/sdc`) and reads `\:` as a
/// literal colon; relative file names are joined with every directory given. Paths are compared after
/// removing `.`, `..` and doubled slashes. Not devices: `/dev/null`, `/dev/zero`, `/dev/full`,
/// `/dev/random`, `/dev/urandom` and anything under `/dev/shm/`, `/dev/hugepages/` and `/dev/mqueue/`
/// (memory file systems). A path outside `/dev` whose existing part is a symbolic link into `/dev`
/// (`/srv/disks/fast → /dev/disk/by-id/…`) is the device it leads to on the planning machine; the runner's
/// plan audit checks again, on the machine that runs, that no step names an undeclared block device.
package enum FioTargets {
    /// One name given to fio and the device path it makes (the name joined with a directory when relative).
    package struct Device: Hashable, Sendable {
        /// The device as fio would open it: `/dev/sdb`.
        package var path: String
        /// The option the name was given in (`filename`, `directory`, `opendir`).
        package var option: String
    }

    /// fio's split of a file-name value: ':' separates names, `\:` is a colon inside a name.
    package static func names(_ value: String) -> [String] {
        var out: [String] = []
        var current = ""
        var escaped = false
        for character in value {
            if escaped {
                if character != ":" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                out.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        out.append(current)
        return out.filter { !$0.isEmpty }
    }

    /// One name as fio's file-name lists write it: `:` as `\:` (the inverse of ``names(_:)`` for one name).
    package static func escaped(_ name: String) -> String {
        name.split(separator: ":", omittingEmptySubsequences: false).joined(separator: "\\:")
    }

    /// The `rw=` / `readwrite=` values of a job file's lines (``jobFileOptions(_:)``).
    package static func accessModes(_ lines: [(line: Int, option: String, value: String)]) -> [String] {
        lines.filter { FioOption.accessModes.contains($0.option) }.map(\.value)
    }

    /// The device paths named by the `options` (name → every value given for it).
    /// A relative `filename` is joined with every `directory`: `directory=/dev` + `filename=sdb` is `/dev/sdb`.
    package static func devices(_ options: [(option: String, value: String)]) -> [(index: Int, device: Device)] {
        let directories = options.filter { $0.option == "directory" }.flatMap { names($0.value) }
        var out: [(index: Int, device: Device)] = []
        for (index, entry) in options.enumerated() where FioOption.paths.contains(entry.option) {
            for name in names(entry.value) {
                var candidates = [name]
                if entry.option == "filename", !name.hasPrefix("/") { candidates = directories.map { $0 + "/" + name } }
                for candidate in candidates {
                    if let path = devicePath(candidate) { out.append((index: index, device: Device(path: path, option: entry.option))) }
                }
            }
        }
        return out
    }

    /// `path`, normalized, when it names a device under `/dev`; `nil` for other paths and the non-devices above.
    package static func devicePath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        if !path.hasPrefix("/dev/"), let resolved = resolvedLinks(path), resolved.hasPrefix("/dev/") {
            return devicePath(resolved)
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        guard parts.count >= 2, parts[0] == "dev" else { return nil }
        if parts.count == 2, ["null", "zero", "full", "random", "urandom"].contains(parts[1]) { return nil }
        if ["shm", "hugepages", "mqueue"].contains(parts[1]) { return nil }
        return "/" + parts.joined(separator: "/")
    }

    /// ``resolvingLinks(_:)``, asked once per path and process: a study names the same paths in every cell.
    private static let resolved = Mutex<[String: String?]>([:])

    static func resolvedLinks(_ path: String) -> String? {
        if let known = resolved.withLock({ $0[path] }) { return known }
        let answer = resolvingLinks(path)
        resolved.withLock { $0[path] = answer }
        return answer
    }

    /// `path` with its longest existing prefix resolved by `realpath(3)` and the rest appended; `nil` when no
    /// part of it exists or nothing changes.
    static func resolvingLinks(_ path: String) -> String? {
        var head = path
        var tail: [Substring] = []
        while head.count > 1 {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                let real = String(cString: resolved)
                let full = ([real == "/" ? "" : real] + tail.reversed().map(String.init)).joined(separator: "/")
                return full == path ? nil : full
            }
            guard let slash = head.lastIndex(of: "/") else { return nil }
            tail.append(head[head.index(after: slash)...])
            head = slash == head.startIndex ? "/" : String(head[..<slash])
        }
        return nil
    }

    /// The `name=value` lines of an fio job file (comments, section headers and blank lines skipped), with
    /// their 1-based line numbers. A line with only a name (`time_based`) has an empty value.
    package static func jobFileOptions(_ text: String) -> [(line: Int, option: String, value: String)] {
        var out: [(line: Int, option: String, value: String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            guard let first = line.first, first != ";", first != "#", first != "[" else { continue }
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if let equals = trimmed.firstIndex(of: "=") {
                let name = trimmed[..<equals].trimmingSpaces
                let value = trimmed[trimmed.index(after: equals)...].trimmingSpaces
                out.append((line: i + 1, option: name, value: value))
            } else {
                out.append((line: i + 1, option: trimmed.trimmingSpaces, value: ""))
            }
        }
        return out
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
