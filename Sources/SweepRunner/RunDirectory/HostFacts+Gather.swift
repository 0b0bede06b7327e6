import Foundation
import SweepRecords

extension HostFacts {
    /// Reads the facts from `/proc`, `uname` and the tools' version output; a missing tool gives `nil`. With
    /// `remote`, everything is read through `host`'s commands (`cat`, `uname`, `nproc`): the facts of another machine.
    package static func gather(host: any Host, environment: [String: String], remote: Bool = false) async -> HostFacts {
        func output(_ argv: [String], limit: Int = 4096) async -> String? {
            guard let result = try? await host.run(argv, environment: environment, limit: limit), result.succeeded else { return nil }
            return result.stdout
        }
        func file(_ path: String) async -> String? {
            if remote { return await output(["cat", path], limit: 1 << 20) }
            return FileSystem.read(path).map { String(decoding: $0, as: UTF8.self) }
        }
        var names = utsname()
        uname(&names)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        func version(_ argv: [String], pattern: String) async -> String? {
            guard let output = try? await host.run(argv, environment: environment, limit: 4096) else { return nil }
            return firstMatch(pattern, in: output.stdout)
        }
        // Every command at once: on another host each is an ssh round trip (and a login shell's start-up).
        async let remoteName = remote ? output(["uname", "-n"]) : nil
        async let remoteKernel = remote ? output(["uname", "-r"]) : nil
        async let remoteCPUs = remote ? output(["nproc"]) : nil
        async let cpuinfoText = file("/proc/cpuinfo")
        async let meminfoText = file("/proc/meminfo")
        async let moduleText = file("/sys/module/zfs/version")
        async let fuseVersion = version(["dpkg-query", "-W", "-f=${Version}", "zfs-fuse"], pattern: #"\S+"#)
        async let fio = version(["fio", "--version"], pattern: #"fio-\S+"#)
        async let sysstat = version(["iostat", "-V"], pattern: #"(\d+\.\d+(?:\.\d+)?)"#)
        let hostname = remote ? (await remoteName)?.trimmingWhitespace ?? "" : text(names.nodename)
        let kernel = remote ? (await remoteKernel)?.trimmingWhitespace ?? "" : text(names.release)
        let cpus = remote ? Int((await remoteCPUs)?.trimmingWhitespace ?? "") ?? 0 : sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let cpuinfo = await cpuinfoText ?? ""
        let meminfo = await meminfoText ?? ""
        let zfs: String?
        if let module = await moduleText {
            zfs = module.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let fuse = await fuseVersion {
            zfs = "zfs-fuse " + fuse
        } else {
            zfs = nil
        }
        let fioVersion = await fio
        let sysstatVersion = await sysstat
        return HostFacts(
            hostname: hostname,
            kernel: kernel,
            cpuModel: firstMatch(#"(?m)^model name\s*:\s*(.+)$"#, in: cpuinfo),
            cpuCount: cpus,
            memoryBytes: firstMatch(#"(?m)^MemTotal:\s*(\d+) kB"#, in: meminfo).flatMap { Int64($0) }.map { $0 * 1024 },
            fioVersion: fioVersion,
            sysstatVersion: sysstatVersion,
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
