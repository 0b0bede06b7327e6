import Foundation
import SweepPlanner

/// What the collectors of the cells about to run need, checked before anything is asked or changed:
///
/// - each collector's program is on `PATH` (`iostat`, `mpstat`, `vmstat`, `zpool`, a command collector's
///   argv[0]; past `env NAME=VALUE…` and `sudo`; `iosweep sample-diskstats` is iosweep itself). A missing one is
///   a refusal when the collector is `required`, else a warning (the run records it failed in each cell);
/// - each device an `iostat` or `diskstats` collector names exists as a block device. Collectors may observe
///   any device, listed in `disks` or not; one that does not exist is a refusal naming it. Scratch disks and the
///   workload directory's device (`@{scratch0}`, `@{workload_device}`) are bound at run time and not checked here.
package struct CollectorPreflight: Sendable {
    /// The `PATH` the steps run with.
    package var path: String

    package init(path: String = RunOptions.defaultPath) {
        self.path = path
    }

    /// The outcome: a refusal (exit 3) naming every problem at once, and warnings for the rest.
    package struct Findings: Hashable, Sendable {
        package var refusal: RunRefusal?
        package var warnings: [String]
    }

    /// Checks the collector steps of `cells` (each distinct step once).
    package func check(_ cells: [Cell]) -> Findings {
        var problems: [String] = []
        var warnings: [String] = []
        var seen = Set<[String]>()
        // A collector on another host is checked there by the run (its ssh session fails the collector, not the run).
        for step in cells.flatMap(\.steps) where step.kind == .collector && step.host == nil && seen.insert(step.argv).inserted {
            let name = step.collector?.name ?? step.argv.first ?? "?"
            let required = step.collector?.required ?? false
            guard let program = Self.program(of: step.argv) else { continue }
            if (try? LocalHost.resolve(program, path: path)) == nil {
                let message = "collector \(name): program '\(program)' is not on PATH (\(path))"
                if required {
                    problems.append(message + "; install it, or set required: false to run without it")
                } else if !warnings.contains(where: { $0.hasPrefix("collector \(name):") }) {
                    warnings.append(message + "; it is not required: the run goes on and records it failed")
                }
                continue
            }
            for device in Self.devices(of: step.argv) where !device.contains("@{") {
                if let reason = Self.missing(device) {
                    let message = "collector \(name): device \(device) \(reason)"
                    if !problems.contains(message) { problems.append(message) }
                }
            }
        }
        let refusal =
            problems.isEmpty
            ? nil : RunRefusal("collectors: nothing was changed\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
        return Findings(refusal: refusal, warnings: warnings)
    }

    /// The program an argv runs: past `sudo [-OPTION…]` and `env [-OPTION…] [NAME=VALUE…]`.
    static func program(of argv: [String]) -> String? {
        programIndex(of: argv).map { argv[$0] }
    }

    private static func programIndex(of argv: [String]) -> Int? {
        var index = 0
        while index < argv.count, ["sudo", "env"].contains(argv[index]) {
            let wrapper = argv[index]
            index += 1
            while index < argv.count, argv[index].hasPrefix("-") || (wrapper == "env" && argv[index].contains("=")) {
                index += 1
            }
        }
        return index < argv.count ? index : nil
    }

    /// The devices an `iostat` or `iosweep sample-diskstats` argv samples, as the planner lays them out:
    /// `iostat -dxyt [-o JSON] DEV INTERVAL`, `iosweep sample-diskstats --interval N DEV…`.
    static func devices(of argv: [String]) -> [String] {
        guard let start = programIndex(of: argv) else { return [] }
        let rest = Array(argv[(start + 1)...])
        switch (argv[start] as NSString).lastPathComponent {
        case "iostat":
            var devices: [String] = []
            var index = 0
            while index < rest.count - 1 {
                if rest[index] == "-o" { index += 2; continue }
                if !rest[index].hasPrefix("-") { devices.append(rest[index]) }
                index += 1
            }
            return devices
        case "iosweep" where rest.first == "sample-diskstats":
            var devices: [String] = []
            var index = 1
            while index < rest.count {
                if rest[index] == "--interval" { index += 2; continue }
                devices.append(rest[index])
                index += 1
            }
            return devices
        default:
            return []
        }
    }

    /// Why `device` cannot be sampled (`does not exist (/dev/vdz)`, `is not a block device`), `nil` when it can.
    static func missing(_ device: String) -> String? {
        let path = BlockDeviceName.devicePath(device)
        var info = stat()
        guard stat(path, &info) == 0 else { return "does not exist (\(path))" }
        return (info.st_mode & S_IFMT) == S_IFBLK ? nil : "is not a block device (\(path))"
    }
}
