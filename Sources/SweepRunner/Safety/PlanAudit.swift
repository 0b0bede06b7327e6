import Foundation
import SweepModel
import SweepPlanner

/// Checks, before anything runs, that every step of a plan changes only what the plan declares: the devices of
/// its `destroys` list, the pools it creates with the run's marker (`zpool create … -O iosweep:run=@{run}`) and
/// the datasets it creates. A plan is data (`run --plan` reads any JSON; `resume` reads the frozen one), so
/// nothing in it is trusted for being there.
///
/// Every step, whatever its kind — hooks and collectors too — is read by its program (after `sudo` and
/// `env NAME=VALUE…`):
/// - `zpool`: `create` only as a setup step of the pool it names, with the marker, on devices of `destroys`;
///   `destroy` only of a pool the plan creates; `status`, `iostat`, `list`, `get` (read only). Any other
///   subcommand (`add`, `attach`, `export`, `labelclear`, …) is refused.
/// - `zfs`: `create` only as a setup step of the dataset it names; `destroy` (`-f` at most) and `set` only of
///   the plan's own datasets or datasets in its own pools; `get`, `list` (read only). Anything else is refused.
/// - `mkfs.ext4`, `mkfs.xfs`, `mkfs.btrfs`: only as a setup step with the run's label (`-L @{label}`, once),
///   its last word a device of `destroys`. `mount`: only as the setup step of the file system it mounts
///   (`[--mkdir] [-o OPTIONS] DEVICE MOUNTPOINT`, the device of `destroys`, no `bind`, `move` or `remount`, the
///   mount point under the results directory or an absolute path outside the system's own directories).
///   `umount`: only as the teardown of a mount point the plan mounts. `btrfs`: `filesystem show|df|usage` (read only).
/// - Storage administration the planner never emits (`losetup`, `wipefs`, other `mkfs*`, `tune2fs`, `sgdisk`,
///   `parted`, `mdadm`, …) is refused outright.
/// - A word after the program that names a block device (`/dev/…` that is not a character device or
///   directory, or any path resolving to a block device; also after `=` and between `:`, as in
///   `--filename=/dev/sdb` or `of=/dev/sdb`) must name a device of `destroys`. Collectors of the samplers
///   iosweep plans (iostat, `iosweep sample-diskstats`, `zpool iostat`) only read, and may name any device.
/// - A word after the program that runs one of these programs itself (a wrapper, or a `sh -c` string:
///   `timeout 9 zpool export tank`, `sh -c "zpool destroy tank"`) cannot be checked, and is refused.
///
/// Hooks are the experiment's own commands and otherwise run as written; what a program does beyond its
/// argv (a script file a hook runs) is not seen. `iosweep plan` shows every hook before a run.
///
/// The plan's shape is checked too: frozen file names and step output files are single file names, result
/// paths stay inside the results directory, scratch disk names are identifiers.
package enum PlanAudit {
    /// One refused step: where it is, its argv, why.
    package struct Refusal: Hashable, Sendable, CustomStringConvertible {
        /// `cell ndisks=1 step 3 (setup)`, `group ndisks=2 teardown step 1 (teardown)`, `plan`.
        package var place: String
        package var argv: [String]
        package var reason: String

        package var description: String {
            argv.isEmpty ? "\(place): \(reason)" : "\(place): \(argv.joined(separator: " ")): \(reason)"
        }
    }

    /// Storage administration the planner never emits.
    static let administration: Set<String> = [
        "losetup", "wipefs", "mke2fs", "mkswap", "swapon", "swapoff", "sgdisk", "sfdisk", "gdisk", "fdisk", "cfdisk",
        "parted", "partprobe", "blkdiscard", "shred", "mdadm", "dmsetup", "cryptsetup", "pvcreate", "pvremove",
        "vgcreate", "vgremove", "vgextend", "lvcreate", "lvremove", "nvme", "sg_format", "hdparm", "zinject", "zhack",
        "zpool", "zfs", "mount", "umount", "tune2fs", "e2fsck", "fsck", "resize2fs", "e2label", "debugfs", "xfs_repair",
        "xfs_admin", "xfs_growfs", "btrfstune", "btrfs",
    ]

    /// The file-system makers the planner emits.
    static let makers = Set(Filesystem.Kind.allCases.map { "mkfs.\($0.rawValue)" })

    /// Every refusal of `plan`, in plan order; empty when the plan only touches what it declares.
    /// `isBlockDevice` answers whether a path is (or resolves to) a block device.
    package static func refusals(_ plan: Plan, isBlockDevice: @escaping (String) -> Bool = blockDevice) -> [Refusal] {
        var steps: [(place: String, step: Step)] = []
        func add(_ list: [Step], _ label: String) {
            for (i, step) in list.enumerated() { steps.append(("\(label) step \(i + 1) (\(step.kind.rawValue))", step)) }
        }
        add(plan.setup, "before-run")
        for group in plan.groups {
            add(group.setup, "group \(group.key) setup")
            for cell in group.cells { add(cell.steps, "cell \(cell.id)") }
            add(group.teardown, "group \(group.key) teardown")
        }
        add(plan.teardown, "after-run")

        // What the plan declares: its pools (created with the marker), datasets and mount points.
        var pools = Set<String>()
        var datasets = Set<String>()
        var mountpoints = Set<String>()
        for (_, step) in steps where step.kind == .setup {
            if case .filesystem(let mountpoint) = step.resource, program(step.argv)?.name == "mount" { mountpoints.insert(mountpoint) }
            if case .pool(let name) = step.resource, let parsed = ZPoolCreate.parse(argv: step.argv), parsed.name == name,
                parsed.marker == Placeholder.run
            {
                pools.insert(name)
            }
            if case .dataset(let name) = step.resource, program(step.argv).map({ Array($0.arguments.prefix(1)) }) == ["create"] {
                datasets.insert(name)
            }
        }
        let audit = Context(
            destroys: plan.destroys, pools: pools, datasets: datasets, mountpoints: mountpoints, files: plan.files,
            isBlockDevice: isBlockDevice)

        var refusals = shape(plan)
        for (place, step) in steps {
            for reason in audit.reasons(step) { refusals.append(Refusal(place: place, argv: step.argv, reason: reason)) }
        }
        return refusals
    }

    /// Throws a ``RunRefusal`` listing every refusal of `plan` (the first 20, and how many more).
    package static func check(_ plan: Plan) throws(RunRefusal) {
        let found = refusals(plan)
        guard !found.isEmpty else { return }
        throw RunRefusal(
            "the plan would change what it does not declare (its destroys list, its own marked pools and datasets); nothing was run\n"
                + found.prefix(20).map { "  " + $0.description }.joined(separator: "\n")
                + (found.count > 20 ? "\n  … and \(found.count - 20) more" : ""))
    }

    /// Whether `path` is a block device (following symlinks).
    package static func blockDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFBLK
    }

    /// The program of `argv` (its basename) and its arguments, after `sudo` and `env NAME=VALUE…`.
    static func program(_ argv: [String]) -> (name: String, arguments: [String], offset: Int)? {
        var index = 0
        while index < argv.count {
            let name = basename(argv[index])
            if name == "sudo" {
                index += 1
            } else if name == "env" {
                index += 1
                while index < argv.count, argv[index].contains("="), !argv[index].hasPrefix("-") { index += 1 }
            } else {
                return (name, Array(argv[(index + 1)...]), index + 1)
            }
        }
        return nil
    }

    static func basename(_ word: String) -> String { word.split(separator: "/").last.map(String.init) ?? word }

    /// File names, output files, result paths, scratch names.
    private static func shape(_ plan: Plan) -> [Refusal] {
        var refusals: [Refusal] = []
        func fileName(_ name: String) -> Bool {
            !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.utf8.contains(0)
        }
        for file in plan.files where !fileName(file.name) {
            refusals.append(Refusal(place: "plan", argv: [], reason: "frozen file name '\(file.name)' is not a single file name"))
        }
        for disk in plan.scratch {
            let identifier =
                disk.name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && disk.name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !identifier || ["run", "cell", "files"].contains(disk.name) {
                refusals.append(Refusal(place: "plan", argv: [], reason: "scratch disk name '\(disk.name)' is not a name such as scratch0"))
            }
        }
        for cell in plan.cells {
            let parts = cell.resultPath.split(separator: "/", omittingEmptySubsequences: false)
            if cell.resultPath.hasPrefix("/") || parts.contains(where: { $0 == ".." }) || cell.resultPath.utf8.contains(0) {
                refusals.append(
                    Refusal(place: "cell \(cell.id)", argv: [], reason: "result path '\(cell.resultPath)' leaves the results directory"))
            }
        }
        for step in plan.setup + plan.teardown + plan.groups.flatMap({ $0.setup + $0.teardown + $0.cells.flatMap(\.steps) }) {
            // A collector on another host writes `HOST/NAME` (its host's own folder in the cell directory).
            let ownFolder =
                step.host.map { stdout in
                    { (path: String) in
                        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                        return parts.count == 2 && parts[0] == stdout && fileName(parts[0]) && fileName(parts[1])
                    }
                } ?? { _ in false }
            if let host = step.host, plan.host(named: host) == nil {
                refusals.append(Refusal(place: "plan", argv: step.argv, reason: "step host '\(host)' is not one of the plan's hosts"))
            }
            for input in step.inputs ?? [] where !fileName(input.name) {
                refusals.append(
                    Refusal(
                        place: "plan", argv: step.argv, reason: "input file '\(input.name)' is not a single file name in the cell directory"
                    ))
            }
            if let stdout = step.stdout, !fileName(stdout), !ownFolder(stdout) {
                refusals.append(
                    Refusal(
                        place: "plan", argv: step.argv, reason: "output file '\(stdout)' is not a single file name in the cell directory"))
            }
        }
        return refusals
    }

    /// The plan's declared resources and the checks of one step against them.
    private final class Context {
        let destroys: [String]
        let pools: Set<String>
        let datasets: Set<String>
        let mountpoints: Set<String>
        let isBlockDevice: (String) -> Bool
        /// The access modes (`rw=` / `readwrite=` values) of each frozen file, by its `@{files}/NAME` argument.
        let fileAccessModes: [String: [String]]
        /// Path → whether it is a device: a plan repeats the same paths in every cell.
        private var devices: [String: Bool] = [:]

        init(
            destroys: [String], pools: Set<String>, datasets: Set<String>, mountpoints: Set<String>, files: [PlanFile],
            isBlockDevice: @escaping (String) -> Bool
        ) {
            self.destroys = destroys
            self.pools = pools
            self.datasets = datasets
            self.mountpoints = mountpoints
            self.isBlockDevice = isBlockDevice
            var modes: [String: [String]] = [:]
            for file in files {
                modes["\(Placeholder.files)/\(file.name)"] = FioTargets.accessModes(FioTargets.jobFileOptions(file.content))
            }
            fileAccessModes = modes
        }

        /// Whether `arguments` (fio's, after the program) only read: every access mode they and the frozen job
        /// files they name give is `read` or `randread`, as fio's default is. A job file that is not the plan's
        /// own is not read, so it counts as writing.
        func fioOnlyReads(_ arguments: ArraySlice<String>) -> Bool {
            var modes: [String] = []
            for word in arguments {
                if word.hasPrefix("-") {
                    let option = word.drop { $0 == "-" }
                    guard let equals = option.firstIndex(of: "=") else { continue }
                    if FioOption.accessModes.contains(String(option[..<equals])) {
                        modes.append(String(option[option.index(after: equals)...]))
                    }
                } else if let own = fileAccessModes[word] {
                    modes += own
                } else {
                    return false
                }
            }
            return !FioOption.writes(accessModes: modes)
        }

        func reasons(_ step: Step) -> [String] {
            guard let found = program(step.argv) else { return [] }
            let (name, arguments, offset) = (found.name, found.arguments, found.offset)
            var reasons: [String] = []
            switch name {
            case "zpool": reasons += zpool(step, arguments)
            case "zfs": reasons += zfs(step, arguments)
            case "mount": reasons += mount(step, arguments)
            case "umount": reasons += umount(step, arguments)
            case "btrfs":
                if !(arguments.first == "filesystem" && ["show", "df", "usage"].contains(arguments.dropFirst().first ?? "")) {
                    reasons.append(
                        "btrfs \(arguments.prefix(2).joined(separator: " ")) is never part of a plan (only filesystem show, df, usage)")
                }
            case _ where PlanAudit.makers.contains(name): reasons += mkfs(step, arguments)
            case _ where Self.isAdministration(name):
                reasons.append("\(name) changes devices and is never part of a plan")
            default: break
            }
            switch step.resource {
            case .pool, .dataset:
                if !["zpool", "zfs"].contains(name) {
                    reasons.append("a \(step.kind.rawValue) step of a pool or dataset must be zpool or zfs")
                }
            case .filesystem:
                if name != (step.kind == .setup ? "mount" : "umount") {
                    reasons.append("a \(step.kind.rawValue) step of a file system must be \(step.kind == .setup ? "mount" : "umount")")
                }
            case nil: break
            }
            // Reading is not destroying: the samplers iosweep plans, and an fio workload that only reads.
            let observes =
                (step.kind == .collector
                    && (name == "iostat" || (name == "iosweep" && arguments.first == "sample-diskstats")
                        || (name == "zpool" && arguments.first == "iostat")))
                || (step.kind == .workload && name == "fio" && fioOnlyReads(arguments[...]))
            let words = step.argv[offset...]
            for (j, word) in zip(words.indices, words) {
                let tokens = Self.tokens(word)
                // A shell command string, or a wrapper's program word (`timeout 9 zpool export tank`): a tool run there
                // escapes every check above. The pool and dataset names zpool and zfs take are checked by their rules.
                let command = tokens.count > 1 && word.contains(where: { " \t\n;|&`$(".contains($0) })
                if !["zpool", "zfs"].contains(name), command || j < words.index(before: words.endIndex) {
                    let named = (command ? tokens : [word]).filter { Self.isTool($0) }
                    reasons += named.map { "'\(word)' runs \(PlanAudit.basename($0)) where iosweep cannot check it" }
                }
                for token in tokens where !observes && isDevice(token) && !declared(token) {
                    reasons.append("\(token) is a device not in the plan's destroys list (\(destroysText))")
                }
            }
            return reasons
        }

        var destroysText: String { destroys.isEmpty ? "empty" : destroys.joined(separator: " ") }

        /// `zpool`, `/usr/sbin/zpool`, `mkfs.ext4`: a storage administration program.
        static func isTool(_ token: String) -> Bool {
            let name = PlanAudit.basename(token)
            return isAdministration(name) && (token == name || token.hasSuffix("bin/" + name))
        }

        static func isAdministration(_ name: String) -> Bool {
            administration.contains(name) || name.hasPrefix("mkfs")
        }

        /// Words of `word` that may be paths or programs: split at whitespace, shell punctuation, `=` and `:`.
        static func tokens(_ word: String) -> [String] {
            let separators = Set(" \t\n\r;|&()<>`'\"=:$,")
            return word.split(whereSeparator: { separators.contains($0) }).map(String.init)
        }

        func isDevice(_ token: String) -> Bool {
            guard token.hasPrefix("/") else { return false }
            if let known = devices[token] { return known }
            var info = stat()
            // An existing character device (/dev/null, /dev/zero) or directory is no disk; a missing /dev path may become one.
            let device = isBlockDevice(token) || (token.hasPrefix("/dev/") && stat(token, &info) != 0)
            devices[token] = device
            return device
        }

        func declared(_ device: String) -> Bool {
            let name = BlockDeviceName.kernelName(device)
            return destroys.contains { $0 == device || BlockDeviceName.kernelName($0) == name }
        }

        private func zpool(_ step: Step, _ arguments: [String]) -> [String] {
            guard let sub = arguments.first else { return ["zpool without a subcommand"] }
            switch sub {
            case "status", "iostat", "list", "get":
                return []
            case "create":
                guard let parsed = ZPoolCreate.parse(argv: step.argv) else { return ["not a zpool create iosweep can read"] }
                var reasons: [String] = []
                if step.kind != .setup || step.resource != .pool(parsed.name) {
                    reasons.append("zpool create of '\(parsed.name)' outside the setup step of that pool")
                }
                if parsed.marker != Placeholder.run {
                    reasons.append("zpool create of '\(parsed.name)' without the run's marker -O \(PoolMarker.property)=\(Placeholder.run)")
                }
                for device in parsed.devices where !destroyed(device) {
                    reasons.append("device \(device) is not in the plan's destroys list (\(destroysText))")
                }
                return reasons
            case "destroy":
                let names = arguments.dropFirst().filter { $0 != "-f" }
                guard names.count == 1, let pool = names.first, pools.contains(pool) else {
                    return [
                        "zpool destroy of \(names.joined(separator: " ")): only a pool the plan creates with its marker may be destroyed"
                    ]
                }
                if step.resource != nil, step.resource != .pool(pool) { return ["teardown of \(pool) recorded as another resource"] }
                return []
            default:
                return ["zpool \(sub) is never part of a plan (it changes pools or devices)"]
            }
        }

        /// Whether `word` is one device of `destroys`, as written there or by its kernel name.
        func destroyed(_ word: String) -> Bool {
            destroys.contains(word) || declared(word)
        }

        /// Whether `word` names a device of `destroys` as a device path (`/dev/sdb`) or a scratch disk's placeholder
        /// (`@{scratch0}`): what mkfs and mount take, never a bare word they would read as a file.
        func isDevice(named word: String) -> Bool {
            (word.hasPrefix("/") || word.hasPrefix("@{")) && destroyed(word)
        }

        private func mkfs(_ step: Step, _ arguments: [String]) -> [String] {
            var reasons: [String] = []
            if step.kind != .setup || step.resource != nil { reasons.append("a file system is made only by a setup step of its own") }
            let labels = arguments.indices.filter { ["-L", "--label"].contains(arguments[$0]) }
            let labelledOnce =
                labels.count == 1 && labels[0] + 1 < arguments.count && arguments[labels[0] + 1] == Placeholder.label
                && !arguments.contains { $0.hasPrefix("--label=") || ($0.hasPrefix("-L") && $0.count > 2) }
            if !labelledOnce { reasons.append("a file system is made only with the run's label, -L \(Placeholder.label), once") }
            if let device = arguments.last, !isDevice(named: device) {
                reasons.append("\(device) is not a device of the plan's destroys list (\(destroysText))")
            }
            return reasons
        }

        private func mount(_ step: Step, _ arguments: [String]) -> [String] {
            guard step.kind == .setup, case .filesystem(let mountpoint) = step.resource else {
                return ["mount outside the setup step of the file system it mounts"]
            }
            var rest = arguments[...]
            if rest.first == "--mkdir" { rest = rest.dropFirst() }
            var reasons: [String] = []
            if rest.first == "-o" {
                let options = rest.dropFirst().first ?? ""
                rest = rest.dropFirst(2)
                let changing = options.split(separator: ",").filter { ["bind", "rbind", "move", "remount"].contains($0) }
                if !changing.isEmpty { reasons.append("mount option \(changing.joined(separator: ",")) is never part of a plan") }
            }
            guard rest.count == 2, let source = rest.first, let target = rest.last, !source.hasPrefix("-") else {
                return reasons + ["not a mount iosweep plans ([--mkdir] [-o OPTIONS] DEVICE MOUNTPOINT)"]
            }
            if !isDevice(named: source) { reasons.append("\(source) is not a device of the plan's destroys list (\(destroysText))") }
            if target != mountpoint { reasons.append("mount at \(target) recorded as the file system at \(mountpoint)") }
            if let problem = Filesystem.mountpointProblem(mountpoint) { reasons.append("mount point \(mountpoint) \(problem)") }
            return reasons
        }

        private func umount(_ step: Step, _ arguments: [String]) -> [String] {
            guard step.kind == .teardown, case .filesystem(let mountpoint) = step.resource, arguments == [mountpoint],
                mountpoints.contains(mountpoint)
            else { return ["umount only as the teardown of a mount point the plan mounts"] }
            return []
        }

        private func ours(_ dataset: String) -> Bool {
            datasets.contains(dataset) || pools.contains { dataset == $0 || dataset.hasPrefix($0 + "/") }
        }

        private func zfs(_ step: Step, _ arguments: [String]) -> [String] {
            guard let sub = arguments.first else { return ["zfs without a subcommand"] }
            let rest = Array(arguments.dropFirst())
            switch sub {
            case "get", "list":
                return []
            case "create":
                guard let name = rest.last, step.kind == .setup, step.resource == .dataset(name) else {
                    return ["zfs create outside the setup step of the dataset it names"]
                }
                var i = 0
                while i < rest.count - 1 {
                    guard rest[i] == "-o" else { return ["zfs create option \(rest[i]) is never part of a plan"] }
                    i += 2
                }
                return name.contains("@") || name.hasPrefix("-") ? ["'\(name)' is not a dataset name"] : []
            case "destroy":
                let names = rest.filter { $0 != "-f" }
                guard names.count == 1, let name = names.first, !name.hasPrefix("-"), !name.contains("@"), ours(name) else {
                    return [
                        "zfs destroy of \(rest.joined(separator: " ")): only a dataset the plan creates, or one in its own pools, may be destroyed"
                    ]
                }
                return []
            case "set":
                let names = rest.filter { !$0.contains("=") }
                guard !names.isEmpty, names.allSatisfy(ours) else {
                    return ["zfs set on \(names.joined(separator: " ")): only the plan's own datasets and pools may be changed"]
                }
                return []
            default:
                return ["zfs \(sub) is never part of a plan (it changes datasets or pools)"]
            }
        }
    }
}
