import SweepModel

/// Turns an ``Experiment`` and one cell's environment into exact argv steps.
struct StepBuilder {
    let experiment: Experiment
    var resolver = Resolver()
    let allowlist: Set<String>
    let scratchNames: Set<String>
    /// `@{files}/NAME` of the fio job file, when there is one.
    var jobFileArgument: String?
    /// The text of that job file (or inline job), whose `filename=` lines name files fio opens.
    var jobFileText: String? {
        didSet {
            jobFileOptions = jobFileText.map(FioTargets.jobFileOptions) ?? []
            jobFileWrites = FioOption.writes(accessModes: FioTargets.accessModes(jobFileOptions))
        }
    }
    /// Whether the job file's `rw=` / `readwrite=` values may write, read once.
    private var jobFileWrites = false
    /// The `name=value` lines of ``jobFileText``, read once.
    private var jobFileOptions: [(line: Int, option: String, value: String)] = []
    /// Path options (fio option, value) of workloads already found to name no device outside `disks`:
    /// cells differing in other options do not check them again.
    private var allowedFioPaths: Set<[String]> = []
    /// The disks ``namedDisks(_:)`` found for path options (fio option, value), by them: cells differing in other
    /// options share the answer.
    private var namedDisksByPaths: [[String]: [String]] = [:]
    private var fioOptionFields: [String: FieldPath] = [:]
    /// Resolved values of typed fio options already found acceptable (`FioOption.problem` is `nil`), by option.
    private var acceptedFioValues: [String: Set<Value>] = [:]

    init(_ experiment: Experiment) {
        self.experiment = experiment
        allowlist = Set(experiment.disks.names)
        if case .scratch(let scratch) = experiment.disks {
            scratchNames = Set(scratch.names)
        } else {
            scratchNames = []
        }
    }

    /// `sudo` + argv when the experiment asks for it.
    func privileged(_ argv: [String]) -> [String] { experiment.sudo ? ["sudo"] + argv : argv }

    /// Hook steps (`hooks.before-cell` …): argv as written, resolved; not prefixed with sudo.
    mutating func hooks(_ hooks: [[Value]], key: String, _ env: [String: Value]) -> [Step] {
        var steps: [Step] = []
        for (i, hook) in hooks.enumerated() {
            let path = FieldPath("hooks") / key / i
            var argv: [String] = []
            for (j, word) in hook.enumerated() {
                guard let items = resolver.items(word, at: path / j, in: env) else { continue }
                argv += items
            }
            if argv.isEmpty {
                resolver.sink.error("hook is empty", at: path, hint: "write the command as a list: [sync]")
                continue
            }
            steps.append(Step(.hook, argv: argv, host: experiment.hooks.host))
        }
        return steps
    }

    /// What one cell's workload is: its step, its expected seconds, and the disks it destroys (symbolic names
    /// from `disks`): with `devices:` or a `/dev` path fio writes to, those it may write.
    struct Workload {
        var step: Step
        var seconds: Double?
        var destroys: [String] = []
        /// The block devices fio runs on (`devices:`), the collectors' default.
        var devices: [String] = []
    }

    /// The cell's workload step (see ``Workload``).
    mutating func workload(_ env: [String: Value]) -> Workload? {
        switch experiment.workload {
        case .fio(let fio):
            if fio.clients != nil { return clientWorkload(fio, env) }
            guard var options = fioOptions(fio, env) else { return nil }
            var argv = privileged(["fio"])
            argv += options.leading.map(\.argument)
            argv.append("--output=\(Placeholder.cell)/\(RunLayout.fioOutput)")
            argv.append("--output-format=\(fio.outputFormat)")
            argv += options.trailing.map(\.argument)
            if let jobFileArgument { argv.append(jobFileArgument) }
            if !fioDevicesAllowed(options.paths, at: options.pathFields) { return nil }
            let seconds = fio.runtime.flatMap { resolver.number($0, at: fioOptionField("runtime"), in: env) }
            var workload = Workload(
                step: Step(.workload, argv: argv, timeout: seconds.map { $0 + StepTimeouts.workloadGrace }), seconds: seconds)
            workload.devices = options.devices
            if jobFileWrites || FioOption.writes(accessModes: options.accessModes) {
                workload.destroys = Self.unique(workload.devices + options.namedByName + namedDisks(options.paths))
            }
            options.paths = []
            return workload
        case .command(let command):
            let path = FieldPath("workload") / "command"
            guard let argv = resolver.argv(command.argv, at: path / "argv", in: env) else { return nil }
            if argv.isEmpty {
                resolver.sink.error("the workload command is empty", at: path / "argv")
                return nil
            }
            let seconds = command.runtime.flatMap { resolver.number($0, at: path / "runtime", in: env) }
            return Workload(
                step: Step(.workload, argv: argv, stdout: "workload.txt", timeout: seconds.map { $0 + StepTimeouts.workloadGrace }),
                seconds: seconds)
        }
    }

    /// The fio options of one cell (or of one client of it, `env` holding `host`), resolved and checked: in
    /// argv order, those before iosweep's `--output` (`directory`, `filename`, `numjobs`, `size`, `runtime`) and
    /// those after it (every other option, as written).
    struct FioOptions {
        struct Entry {
            var name: String
            /// `nil` for a flag (`time_based: true`).
            var value: String?
            var argument: String { value.map { "--\(name)=\($0)" } ?? "--\(name)" }
            var jobFileLine: String { value.map { "\(name)=\($0)" } ?? name }
        }
        var leading: [Entry] = []
        var trailing: [Entry] = []
        var paths: [(option: String, value: String)] = []
        var pathFields: [FieldPath] = []
        var accessModes: [String] = []
        var namedByName: [String] = []
        var devices: [String] = []
    }

    /// `workload.fio`, and `workload.fio.NAME` by option name, made once.
    static let fioField = FieldPath([.key("workload"), .key("fio")])
    private mutating func fioOptionField(_ name: String) -> FieldPath {
        if let known = fioOptionFields[name] { return known }
        let field = Self.fioField / name
        fioOptionFields[name] = field
        return field
    }

    /// The options of `fio` in `env` (see ``FioOptions``); `nil` when one is wrong (reported, naming the cell).
    mutating func fioOptions(_ fio: Fio, _ env: [String: Value]) -> FioOptions? {
        let path = Self.fioField
        var out = FioOptions()
        var ok = true
        var leading = true
        func option(_ name: String, _ value: Value?) {
            guard let value else { return }
            let field = fioOptionField(name)
            guard let resolved = resolver.resolve(value, at: field, in: env) else { ok = false; return }
            if let kind = FioOption.kinds[name], acceptedFioValues[name]?.contains(resolved) != true {
                if let problem = FioOption.problem(resolved, kind, at: field.description) {
                    resolver.sink.error(
                        "\(problem.message) (cell \(resolver.cellID))", at: field, hint: problem.hint,
                        key: "type \(resolved.text)")
                    ok = false
                    return
                }
                acceptedFioValues[name, default: []].insert(resolved)
            }
            if let why = FioOption.reserved[name] {
                resolver.sink.error("fio option '\(name)' is set by iosweep", at: field, hint: "remove it: \(why)")
                ok = false
                return
            }
            var text = resolved.text
            if name == "filename", let named = diskFileNames(text) {
                text = named.text
                out.namedByName += named.disks
            }
            if FioOption.paths.contains(name) {
                out.paths.append((option: name, value: text))
                out.pathFields.append(field)
            }
            if FioOption.accessModes.contains(name) { out.accessModes.append(text) }
            append(FioOptions.Entry(name: name, value: text))
        }
        func append(_ entry: FioOptions.Entry) {
            if leading { out.leading.append(entry) } else { out.trailing.append(entry) }
        }
        option("directory", fio.directory)
        let devices = fio.devices.flatMap { rawDevices($0, at: path / "devices", env) }
        if fio.devices != nil, devices == nil { ok = false }
        if let devices {
            append(FioOptions.Entry(name: "filename", value: devices.map { Self.fioFileName($0.argument) }.joined(separator: ":")))
            out.devices = devices.map(\.name)
        }
        option("numjobs", fio.numjobs)
        option("size", fio.size)
        option("runtime", fio.runtime)
        leading = false
        for entry in fio.options {
            if entry.value == .bool(true) {
                append(FioOptions.Entry(name: entry.name, value: nil))
            } else if entry.value == .bool(false) {
                append(FioOptions.Entry(name: entry.name, value: "0"))
            } else {
                option(entry.name, entry.value)
            }
        }
        return ok ? out : nil
    }

    /// The workload of an fio client/server cell: `fio --output=… --output-format=… --client=ENDPOINT JOBFILE …` on
    /// the controller, one job file per client (written into the cell directory by the runner) holding the
    /// options — fio ignores job options on the command line in client mode — resolved with `host` naming that
    /// client, before the study's job file text.
    mutating func clientWorkload(_ fio: Fio, _ env: [String: Value]) -> Workload? {
        let path = FieldPath("workload") / "fio"
        guard let clients = fio.clients, let names = resolver.items(clients, at: path / "clients", in: env) else { return nil }
        guard !names.isEmpty else {
            resolver.sink.error(
                "clients resolves to no host (cell \(resolver.cellID))", at: path / "clients",
                hint: "name at least one host from 'hosts'", key: "no clients")
            return nil
        }
        var argv =
            privileged(["fio"]) + [
                "--output=\(Placeholder.cell)/\(RunLayout.fioOutput)", "--output-format=\(fio.outputFormat)",
            ]
        var inputs: [PlanFile] = []
        var seen = Set<String>()
        let declared = experiment.hosts.map(\.name)
        var ok = true
        for name in names {
            guard let host = experiment.hosts.first(where: { $0.name == name }) else {
                resolver.sink.error(
                    "client '\(ControlCharacters.visible(name))' of cell \(resolver.cellID) is not a declared host",
                    at: path / "clients",
                    hint: Suggestion.closest(to: name, among: declared).map { "did you mean '\($0)'?" }
                        ?? "hosts: \(declared.joined(separator: ", "))",
                    key: "client \(name)")
                ok = false
                continue
            }
            guard seen.insert(name).inserted else {
                resolver.sink.error(
                    "client '\(name)' is listed twice (cell \(resolver.cellID))", at: path / "clients", key: "twice \(name)")
                ok = false
                continue
            }
            var clientEnv = env
            clientEnv["host"] = .string(name)
            guard let options = fioOptions(fio, clientEnv) else { ok = false; continue }
            if !fioDevicesAllowed(options.paths, at: options.pathFields) { ok = false; continue }
            var lines = ["# iosweep: the job file of fio client \(name) (\(host.fioAddress), port \(host.port))", "[global]"]
            lines += (options.leading + options.trailing).map(\.jobFileLine)
            let file = PlanFile(name: "job-\(Self.fileSafe(name)).fio", content: lines.joined(separator: "\n") + "\n" + (jobFileText ?? ""))
            inputs.append(file)
            argv += ["--client=\(FioClients.endpoint(address: host.fioAddress, port: host.port))", "\(Placeholder.cell)/\(file.name)"]
        }
        guard ok else { return nil }
        let seconds = fio.runtime.flatMap { resolver.number($0, at: path / "runtime", in: env) }
        return Workload(
            step: Step(.workload, argv: argv, timeout: seconds.map { $0 + StepTimeouts.workloadGrace }, inputs: inputs),
            seconds: seconds)
    }

    /// Collector steps, one per device for per-device samplers. `poolDevices` is the default device list.
    mutating func collectors(_ env: [String: Value], poolDevices: [String], poolName: String?) -> [Step]? {
        var steps: [Step] = []
        var ok = true
        var outputs = Set<String>()
        for (i, collector) in experiment.collectors.enumerated() {
            let path = FieldPath("collectors") / i / collector.kind.rawValue
            guard let applies = resolver.condition(collector.when, at: path / "when", in: env) else { ok = false; continue }
            if !applies { continue }
            guard let interval = resolver.text(collector.interval, at: path / "interval", in: env) else { ok = false; continue }
            let json = collector.format == .json
            let ext = json ? "json" : "txt"
            var made: [(name: String, argv: [String])] = []
            // sysstat prints numbers and times by locale: fix both so the files parse the same everywhere.
            let sysstat = ["env", "LC_ALL=C", "S_TIME_FORMAT=ISO"]
            switch collector.kind {
            case .iostat, .diskstats:
                // Observing is not destroying: a collector may name any device, in `disks` or not (the runner checks
                // it exists). Default: the pool's devices, else `disks`, else the workload directory's device.
                var devices = poolDevices
                var arguments: [String] = []
                if let value = collector.devices {
                    guard let items = resolver.items(value, at: path / "devices", in: env) else { ok = false; continue }
                    devices = items
                    if devices.isEmpty {
                        resolver.sink.error(
                            "\(collector.kind.rawValue) has no devices to sample (cell \(resolver.cellID))",
                            at: path / "devices", hint: "list them, or leave devices out for the default")
                        ok = false
                        continue
                    }
                    for device in devices {
                        guard let argument = observedDevice(device, at: path / "devices") else { ok = false; continue }
                        arguments.append(argument)
                    }
                } else if devices.isEmpty, !experiment.disks.names.isEmpty {
                    devices = experiment.disks.names
                    arguments = devices.map { scratchNames.contains($0) ? Placeholder.scratch($0) : $0 }
                } else if devices.isEmpty {
                    devices = [Placeholder.workloadDeviceName]
                    arguments = [Placeholder.workloadDevice]
                } else {
                    for device in devices {
                        guard let argument = allowedDevice(device, at: path / "devices") else { ok = false; continue }
                        arguments.append(argument)
                    }
                }
                guard arguments.count == devices.count else { continue }
                if collector.kind == .iostat {
                    for (device, argument) in zip(devices, arguments) {
                        made.append(
                            (
                                "iostat-\(Self.fileSafe(device))",
                                sysstat + ["iostat", "-dxyt"] + (json ? ["-o", "JSON"] : []) + [argument, interval]
                            ))
                    }
                } else {
                    made.append(("diskstats", ["iosweep", "sample-diskstats", "--interval", interval] + arguments))
                }
            case .mpstat:
                made.append(("mpstat", sysstat + ["mpstat"] + (json ? ["-o", "JSON"] : []) + ["-P", "ALL", interval]))
            case .vmstat:
                made.append(("vmstat", ["env", "LC_ALL=C", "vmstat", "-n", "-t", interval]))
            case .zpoolIostat:
                guard let poolName else {
                    resolver.sink.error("zpool-iostat needs a pool", at: path, hint: "declare pool: or remove this collector")
                    ok = false
                    continue
                }
                // zfs-fuse's zpool has no -H / -p: the plain -v report works everywhere.
                made.append(("zpool-iostat", privileged(["zpool", "iostat", "-v", poolName, interval])))
            case .command:
                var argv: [String] = []
                for (j, word) in collector.argv.enumerated() {
                    guard let items = resolver.items(word, at: path / "argv" / j, in: env) else { ok = false; continue }
                    argv += items
                }
                if argv.isEmpty {
                    resolver.sink.error("the command collector has no argv", at: path / "argv")
                    ok = false
                    continue
                }
                made.append((collector.name.map(Self.fileSafe) ?? "command-\(i)", argv))
            }
            var hosts: [String?] = [nil]
            if let value = collector.hosts {
                guard let names = collectorHosts(value, at: path / "hosts", env) else { ok = false; continue }
                hosts = names
            }
            for host in hosts {
                // On another host, the output is `HOST/NAME.txt` and the collector's name `HOST/NAME`.
                let prefix = host.map { Self.fileSafe($0) + "/" } ?? ""
                for (name, argv) in made {
                    let file = "\(prefix)\(name).\(collector.kind == .iostat || collector.kind == .mpstat ? ext : "txt")"
                    if !outputs.insert(file).inserted {
                        resolver.sink.error("two collectors write '\(file)'", at: path, hint: "give command collectors distinct names")
                        ok = false
                    }
                    steps.append(
                        Step(
                            .collector, argv: argv, stdout: file,
                            collector: CollectorRole(name: prefix + name, required: collector.required), host: host))
                }
            }
        }
        return ok ? steps : nil
    }

    /// The hosts a collector's `hosts` names in this cell: declared hosts, each once; `nil` (reported) otherwise.
    /// The controller's own entry in `hosts` (no `ssh`) is the controller: its collector runs here.
    private mutating func collectorHosts(_ value: Value, at path: FieldPath, _ env: [String: Value]) -> [String?]? {
        guard let names = resolver.items(value, at: path, in: env) else { return nil }
        let declared = experiment.hosts.map(\.name)
        var out: [String?] = []
        for name in names {
            guard let host = experiment.hosts.first(where: { $0.name == name }) else {
                resolver.sink.error(
                    "collector host '\(ControlCharacters.visible(name))' of cell \(resolver.cellID) is not a declared host", at: path,
                    hint: Suggestion.closest(to: name, among: declared).map { "did you mean '\($0)'?" } ?? "declare it under 'hosts:'",
                    key: "host \(name)")
                return nil
            }
            if out.contains(where: { $0 == name }) { continue }
            out.append(host.isRemote ? name : nil)
        }
        return out
    }

    /// Whether every block device the fio options (`paths`, each at its field) and the job file name is
    /// listed in `disks`; reports each that is not, naming the cell.
    mutating func fioDevicesAllowed(_ paths: [(option: String, value: String)], at fields: [FieldPath]) -> Bool {
        let known = paths.flatMap { [$0.option, $0.value] }
        if allowedFioPaths.contains(known) { return true }
        let lines = jobFileOptions
        var ok = true
        for (index, device) in FioTargets.devices(paths + lines.map { (option: $0.option, value: $0.value) })
        where !experiment.disks.lists(device.path) {
            var jobKey = "job"
            if case .fio(let fio) = experiment.workload, fio.jobFile != nil { jobKey = "job-file" }
            let at = index < fields.count ? fields[index] : FieldPath("workload") / "fio" / jobKey
            let place = index < fields.count ? "" : " (line \(lines[index - fields.count].line) of the job file)"
            resolver.sink.error(
                "fio \(device.option) '\(device.path)' is a device not listed in 'disks' (cell \(resolver.cellID))\(place)",
                at: at, hint: "fio would write to it: add it to disks (the allowlist of what this study may destroy) or use a file path",
                key: "device \(device.path)")
            ok = false
        }
        if ok { allowedFioPaths.insert(known) }
        return ok
    }

    /// The devices of `workload.fio.devices` for this cell: names from `disks`, at least one, each once, with
    /// their argv form (``allowedDevice(_:at:)``); `nil` (reported, naming the cell) otherwise.
    private mutating func rawDevices(_ value: Value, at path: FieldPath, _ env: [String: Value]) -> [(name: String, argument: String)]? {
        guard let items = resolver.items(value, at: path, in: env) else { return nil }
        guard !items.isEmpty else {
            resolver.sink.error(
                "devices resolves to no devices (cell \(resolver.cellID))", at: path, hint: "name at least one disk: ${disks[:1]}",
                key: "empty")
            return nil
        }
        var devices: [(name: String, argument: String)] = []
        for device in items {
            guard let argument = allowedDevice(device, at: path) else { return nil }
            guard !devices.contains(where: { $0.name == device }) else {
                resolver.sink.error(
                    "device '\(device)' is listed twice in devices (cell \(resolver.cellID))", at: path, key: "twice \(device)")
                return nil
            }
            devices.append((device, argument))
        }
        return devices
    }

    /// A `filename` value whose names include disks named as `disks` names them (`${disks[0]}`: `scratch0`,
    /// `sdb`), with those written as devices: a scratch disk's placeholder, `/dev/sdb`. fio would otherwise open
    /// a file called `scratch0` in its working directory. `nil` when no name is a disk's.
    private func diskFileNames(_ value: String) -> (text: String, disks: [String])? {
        let names = FioTargets.names(value)
        var disks: [String] = []
        let written = names.map { name -> String in
            if scratchNames.contains(name) {
                disks.append(name)
                return Placeholder.scratch(name)
            }
            if !name.contains("/"), experiment.disks.names.contains(name) {
                disks.append(name)
                return Self.fioFileName(name)
            }
            return FioTargets.escaped(name)
        }
        return disks.isEmpty ? nil : (written.joined(separator: ":"), disks)
    }

    /// The disks among the block devices the fio options (`paths`) and the job file name (`filename=/dev/sdb`):
    /// a writing workload destroys them too.
    private mutating func namedDisks(_ paths: [(option: String, value: String)]) -> [String] {
        let key = paths.flatMap { [$0.option, $0.value] }
        if let known = namedDisksByPaths[key] { return known }
        let named = FioTargets.devices(paths + jobFileOptions.map { (option: $0.option, value: $0.value) }).map(\.device.path)
        let disks = experiment.disks.names.filter { name in named.contains { Disks.bareName($0) == Disks.bareName(name) } }
        namedDisksByPaths[key] = disks
        return disks
    }

    /// A device as one name of fio's `--filename` list: a scratch disk's placeholder (bound to its loop device
    /// at run time), an absolute path as it is, a kernel name under `/dev`; `:` written `\:` as fio reads it.
    static func fioFileName(_ device: String) -> String {
        FioTargets.escaped(device.hasPrefix("/") || device.hasPrefix("@{") ? device : "/dev/" + device)
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// A file-name-safe form of a device or collector name: its last path component, `[A-Za-z0-9._-]` kept.
    static func fileSafe(_ name: String) -> String {
        // Already safe (every device name a study usually has): no '/', only those bytes.
        if name.utf8.allSatisfy(Self.isFileSafe) { return name }
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return String(last.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// `A-Z a-z 0-9 . _ -`: the bytes ``fileSafe(_:)`` keeps.
    private static func isFileSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
