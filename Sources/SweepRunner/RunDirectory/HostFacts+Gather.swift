import Foundation
import SweepRecords

extension HostFacts {
    /// Reads the facts from `/proc`, `uname` and the tools' version output; a missing tool gives `nil`.
    package static func gather(host: any Host, environment: [String: String]) async -> HostFacts {
        var names = utsname()
        uname(&names)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let cpuinfo = String(decoding: FileSystem.read("/proc/cpuinfo") ?? Data(), as: UTF8.self)
        let meminfo = String(decoding: FileSystem.read("/proc/meminfo") ?? Data(), as: UTF8.self)
        func version(_ argv: [String], pattern: String) async -> String? {
            guard let output = try? await host.run(argv, environment: environment, limit: 4096) else { return nil }
            return firstMatch(pattern, in: output.stdout)
        }
        let zfs: String?
        if let module = FileSystem.read("/sys/module/zfs/version") {
            zfs = String(decoding: module, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let fuse = await version(["dpkg-query", "-W", "-f=${Version}", "zfs-fuse"], pattern: #"\S+"#) {
            zfs = "zfs-fuse " + fuse
        } else {
            zfs = nil
        }
        return HostFacts(
            hostname: text(names.nodename),
            kernel: text(names.release),
            cpuModel: firstMatch(#"(?m)^model name\s*:\s*(.+)$"#, in: cpuinfo),
            cpuCount: sysconf(Int32(_SC_NPROCESSORS_ONLN)),
            memoryBytes: firstMatch(#"(?m)^MemTotal:\s*(\d+) kB"#, in: meminfo).flatMap { Int64($0) }.map { $0 * 1024 },
            fioVersion: await version(["fio", "--version"], pattern: #"fio-\S+"#),
            sysstatVersion: await version(["iostat", "-V"], pattern: #"(\d+\.\d+(?:\.\d+)?)"#),
            zfsVersion: zfs
        )
    }

    /// The first capture group of `pattern` in `text` (or the whole match without groups).
    private static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? Regex(pattern), let match = text.firstMatch(of: regex) else { return nil }
        let output = match.output
        let range = output.count > 1 ? output[1].range : output[0].range
        return range.map { String(text[$0]).trimmingCharacters(in: .whitespaces) }
    }
}
