import Foundation

/// Checks an `Experiment` value — from YAML or from the Swift builder — for problems that do not need a
/// plan: names, sizes, counts, axes, the disk allowlist, the job file, expressions.
///
/// Diagnostics carry a `path` (the YAML path of the field) and, for expressions, an `offset`;
/// `SourceMap.locate` turns them into `file:line:column`. Problems that need the expanded matrix
/// (two cells writing one result path, a slice beyond the disk list in some cell) are the planner's.
public enum ExperimentValidator {
    /// Every problem found. `directory` is where a relative `job-file` is looked up; `nil` skips that check.
    public static func validate(_ experiment: Experiment, directory: String?) -> [Diagnostic] {
        var checker = Checker(experiment: experiment, directory: directory)
        checker.run()
        return checker.diagnostics
    }

    /// Names reserved for expressions; axes may not use them.
    public static let reservedNames: Set<String> = ["disks", "experiment", "pool", "repeat", "len", "mountpoint", "hosts", "host"]

    /// Names a host may not have: `controller` names the machine iosweep runs on in plans and messages.
    public static let reservedHostNames: Set<String> = ["controller", "local", "localhost"]

    /// The longest experiment name, in bytes: `results/NAME`, `NAME.sh` and their temporary files fit NAME_MAX (255).
    public static let maximumNameLength = 200
}

private struct Checker {
    let experiment: Experiment
    let directory: String?
    var diagnostics: [Diagnostic] = []
    let root = FieldPath.root

    init(experiment: Experiment, directory: String?) {
        self.experiment = experiment
        self.directory = directory
    }

    mutating func error(_ message: String, hint: String? = nil, _ path: FieldPath, offset: Int? = nil) {
        diagnostics.append(Diagnostic(.error, message, hint: hint, path: path, offset: offset))
    }

    mutating func run() {
        checkTexts()
        let control = diagnostics
        diagnostics = []
        checkName()
        checkDisks()
        checkHosts()
        checkMatrix()
        checkSearch()
        checkSteadyState()
        checkPool()
        checkDatasets()
        checkFilesystem()
        checkWorkload()
        checkCollectors()
        checkHooks()
        checkExpressions()
        checkResults()
        // A field with a control character is reported for that alone (its other messages would quote it).
        let paths = Set(control.compactMap(\.path))
        diagnostics = control + diagnostics.filter { $0.path.map { !paths.contains($0) } ?? true }
    }

    // MARK: control characters

    /// A control character in a value, name or path (`\n` in an axis value reaching a comment, a NUL in a path).
    mutating func checkTexts() {
        let freeText: Set<FieldPath> = [root / "description", root / "workload" / "fio" / "job"]
        for field in experiment.texts {
            let allowed: Set<Unicode.Scalar> = field.isName || !freeText.contains(field.path) ? [] : ControlCharacters.freeText
            guard let (scalar, offset) = ControlCharacters.first(in: field.text, allowing: allowed) else { continue }
            let what =
                field.isName
                ? "the name '\(ControlCharacters.visible(field.text))'" : "'\(ControlCharacters.visible(field.path.description))'"
            error(
                "\(what) contains a control character (\(ControlCharacters.code(scalar)))",
                hint: allowed.isEmpty
                    ? "names, values and paths may not hold control characters (newline, tab, NUL, escape …): write the value on one line"
                    : "free text may hold tabs and newlines, no other control characters",
                field.path, offset: field.isName ? nil : offset)
        }
    }

    // MARK: name, disks

    mutating func checkName() {
        let name = experiment.name
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        if name.isEmpty || !name.allSatisfy(allowed.contains) || name.first == "-" || name.first == "." {
            let slug = name.lowercased().map { allowed.contains($0) ? String($0) : "-" }.joined()
            error(
                "experiment name '\(name)' is not a slug",
                hint: "use lowercase letters, digits, '-', '_' and '.'\(slug.isEmpty ? "" : ", e.g. '\(slug)'")",
                root / "experiment")
        } else if name.utf8.count > ExperimentValidator.maximumNameLength {
            error(
                "experiment name is \(name.utf8.count) bytes long, more than \(ExperimentValidator.maximumNameLength)",
                hint: "the run directory results/NAME and files named after it must fit the 255-byte file-name limit: shorten the name",
                root / "experiment")
        }
    }

    mutating func checkDisks() {
        switch experiment.disks {
        case .devices(let names):
            var seen: Set<String> = []
            for (i, name) in names.enumerated() {
                if name.isEmpty { error("a disk name is empty", root / "disks" / i) }
                if name.hasPrefix("-") || name.split(separator: "/").contains("..") || name.contains(" ") {
                    error(
                        "disk '\(ControlCharacters.visible(name))' is not a device name",
                        hint: "write the device as sdb, nvme0n1 or /dev/disk/by-id/…: no leading '-', no spaces, no '..'",
                        root / "disks" / i)
                }
                if !seen.insert(Self.deviceName(name)).inserted {
                    error("disk '\(name)' is listed twice", hint: "list every device once", root / "disks" / i)
                }
            }
            if experiment.pool != nil, names.isEmpty {
                error(
                    "a pool needs disks: list the devices it may use",
                    hint: "add 'disks: [sdb, sdc]' or 'disks: {scratch: {count: 2, size: 1G}}'",
                    root / "pool")
            }
        case .scratch(let scratch):
            let p = root / "disks" / "scratch"
            if scratch.count < 1 {
                error("'disks.scratch.count' must be at least 1, found \(scratch.count)", p / "count")
            }
            if let tooMany = ExperimentLimits.scratchCountProblem(experiment.disks) { diagnostics.append(tooMany) }
            if let size = ByteSize(parsing: scratch.size) {
                if size.bytes < 64 * 1024 * 1024 {
                    error(
                        "scratch disks of \(scratch.size) are too small for a pool", hint: "ZFS needs at least 64M per device", p / "size")
                }
            } else {
                error("'\(scratch.size)' is not a size", hint: "write a number with an optional K, M, G or T suffix: 256M, 1G", p / "size")
            }
        }
    }

    // MARK: matrix

    mutating func checkMatrix() {
        let matrix = experiment.matrix
        let p = root / "matrix"
        var names: Set<String> = []
        for axis in matrix.axes {
            let ap = p / axis.name
            if !names.insert(axis.name).inserted {
                error("axis '\(axis.name)' is declared twice", hint: "merge its values into one list", ap)
            }
            if ExperimentValidator.reservedNames.contains(axis.name) {
                error("'\(axis.name)' is a reserved name and cannot be an axis", hint: "rename the axis", ap)
            } else if !Self.isIdentifier(axis.name) {
                let fixed = axis.name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
                error(
                    "axis name '\(axis.name)' cannot be used in ${…} expressions",
                    hint: "use letters, digits and '_', e.g. '\(fixed)'", ap)
            }
            if axis.values.isEmpty {
                error("axis '\(axis.name)' has no values", hint: "give at least one value: \(axis.name): [1]", ap)
            }
            var seen: Set<Value> = []
            for (i, value) in axis.values.enumerated() where !seen.insert(value).inserted {
                error("value \(value.text) appears twice in axis '\(axis.name)'", hint: "every value of an axis must be different", ap / i)
            }
        }
        let axisNames = matrix.axes.map(\.name)
        for (i, entry) in matrix.include.enumerated() where entry.isEmpty {
            error("an include entry is empty", hint: "give the values of the extra cell", p / "include" / i)
        }
        for (i, entry) in matrix.exclude.enumerated() {
            if entry.isEmpty { error("an exclude entry is empty", hint: "an empty entry would drop every cell", p / "exclude" / i) }
            for setting in entry where !axisNames.contains(setting.name) {
                error(
                    "exclude names '\(setting.name)', which is not an axis", hint: Self.hint(setting.name, axisNames, what: "axes"),
                    p / "exclude" / i / setting.name)
            }
        }
        if let rep = matrix.repeat {
            let rp = rep.after == nil ? p / "repeat" : p / "repeat" / "count"
            if rep.count < 1 { error("'matrix.repeat' must be at least 1, found \(rep.count)", rp) }
            if let after = rep.after, !after.isEmpty, !axisNames.contains(after) {
                error(
                    "repeat after '\(after)', which is not an axis", hint: Self.hint(after, axisNames, what: "axes"), p / "repeat" / "after"
                )
            }
        }
        if let stop = matrix.stop { checkStop(stop, matrix: matrix, at: p / "stop") }
        if let rep = matrix.repeat, let until = rep.until {
            let rp = p / "repeat"
            if rep.count < 2 {
                error("a repeat until precise needs 'max' of at least 2, found \(rep.count)", hint: "write max: 10", rp / "max")
            }
            if let minimum = rep.minimum, minimum < 2 || minimum > rep.count {
                error(
                    "'min' must be from 2 (a confidence interval needs two values) to max (\(rep.count)), found \(minimum)",
                    hint: "write min: 3", rp / "min")
            }
            if until.ciHalfWidth.kind != .percent || until.ciHalfWidth.value <= 0 {
                error(
                    "'ci-halfwidth' is a percentage of the mean above 0, found \(until.ciHalfWidth)", hint: "write ci-halfwidth: 5%",
                    rp / "until" / "ci-halfwidth")
            }
        }
    }

    /// The stop axis is an axis with at least two values walked in declared order; `gain-below` is a percentage,
    /// `latency-above` a duration or a number, `for` at least 1.
    mutating func checkStop(_ stop: StopRule, matrix: Matrix, at p: FieldPath) {
        let axisNames = matrix.axes.map(\.name)
        if let axis = matrix.axes.first(where: { $0.name == stop.axis }) {
            if axis.values.count < 2 {
                error("'stop' walks axis '\(stop.axis)', which has one value", hint: "give the axis the values to walk", p / "axis")
            }
        } else {
            let hint =
                stop.axis == "repeat" ? "repeats are not an axis a metric grows along" : Self.hint(stop.axis, axisNames, what: "axes")
            error("'stop' walks '\(stop.axis)', which is not an axis", hint: hint, p / "axis")
        }
        if matrix.order == .shuffle {
            error(
                "'stop' walks its axis in declared order and cannot be used with 'order: shuffle'",
                hint: "remove 'order: shuffle' or the stop rule", root / "matrix" / "order")
        }
        switch stop.condition {
        case .gainBelow where stop.threshold.kind != .percent:
            error("'gain-below' is a percentage, found \(stop.threshold)", hint: "write gain-below: 5%", p / "gain-below")
        case .latencyAbove where stop.threshold.kind == .percent:
            error(
                "'latency-above' is a limit in the metric's unit, found \(stop.threshold)", hint: "write e.g. 10ms or 500us",
                p / "latency-above")
        default: break
        }
        if stop.consecutive < 1 {
            error("'for' must be at least 1, found \(stop.consecutive)", hint: "write for: 1 (the first counting value stops)", p / "for")
        }
    }

    /// The searched parameter is a name of its own that fio takes per probe (so no stop rule walks it), and the range
    /// and tolerance give a ladder.
    mutating func checkSearch() {
        guard let search = experiment.search else { return }
        let p = root / "search"
        let names = experiment.matrix.axes.map(\.name) + experiment.matrix.include.flatMap(\.names)
        if !Self.isIdentifier(search.parameter) || ExperimentValidator.reservedNames.contains(search.parameter) {
            error(
                "'\(ControlCharacters.visible(search.parameter))' cannot be searched: it must be a fio option name",
                hint: "e.g. rate_iops, numjobs or iodepth", p / "parameter")
        } else if names.contains(search.parameter) {
            error(
                "'\(search.parameter)' is searched and also an axis", hint: "remove the axis: the search adds its probes as one",
                p / "parameter")
        } else if Self.unsearchable.contains(search.parameter) {
            error(
                "'\(search.parameter)' cannot be searched: iosweep sets it itself", hint: "search rate_iops, numjobs or iodepth",
                p / "parameter")
        }
        switch experiment.workload {
        case .command:
            error(
                "a search needs an fio workload: it sets the parameter as an fio option",
                hint: "write workload: {fio: {job: …}}, or use an axis for a command workload", p)
        case .fio(let fio):
            let own = "${\(search.parameter)}"
            let written = search.parameter == "numjobs" ? fio.numjobs : fio.options[search.parameter]
            if let written, written != .string(own) {
                let key = search.parameter
                error(
                    "the search sets '\(key)' for each probe, but the workload sets it to \(written.text)",
                    hint: "remove it from the workload, or write \(key): \(own)", root / "workload" / "fio" / key)
            }
        }
        if search.lower < 1 || search.upper <= search.lower {
            error(
                "'search.range' must be [LOWER, UPPER] with 1 <= LOWER < UPPER, found [\(search.lower), \(search.upper)]",
                hint: "write e.g. range: [500, 100000]", p / "range")
        } else if search.upper > 1_000_000_000_000 {
            error("'search.range' upper bound \(search.upper) is beyond 10^12", hint: "search a narrower range", p / "range" / 1)
        }
        if search.tolerance.kind != .percent || search.tolerance.value <= 0 || search.tolerance.value > 100 {
            error(
                "'search.tolerance' is a percentage above 0 and at most 100%, found \(search.tolerance)", hint: "write tolerance: 5%",
                p / "tolerance")
        }
        if search.constraints.isEmpty {
            error("'search.subject-to' needs a constraint", hint: "write subject-to: \"write.clat.p99 <= 2ms\"", p / "subject-to")
        }
    }

    /// Steady-state rounds need a window within the rounds, percentages, and no other repeat (they are the repeats).
    mutating func checkSteadyState() {
        guard let steady = experiment.steadyState else { return }
        let p = root / "steady-state"
        if steady.window < 2 || steady.window > steady.maxRounds {
            error(
                "'steady-state.window' must be from 2 to max-rounds (\(steady.maxRounds)), found \(steady.window)", hint: "write window: 5",
                p / "window")
        }
        if steady.maxRounds > 10_000 {
            error("'steady-state.max-rounds' \(steady.maxRounds) is beyond 10,000", hint: "write max-rounds: 25", p / "max-rounds")
        }
        for (key, quantity) in [("range", steady.range), ("slope", steady.slope)] where quantity.kind != .percent || quantity.value <= 0 {
            error("'steady-state.\(key)' is a percentage of the mean above 0, found \(quantity)", hint: "write \(key): 20%", p / key)
        }
        if experiment.matrix.repeat != nil {
            error(
                "'steady-state' rounds are the cell's repeats: it cannot be used with 'matrix.repeat'", hint: "remove 'repeat'",
                root / "matrix" / "repeat")
        }
    }

    /// Workload keys iosweep sets from the experiment, which a search cannot take over.
    static let unsearchable: Set<String> = ["runtime", "size", "directory", "filename", "devices", "output", "output-format"]

    // MARK: hosts

    /// Host names are unique slugs, ssh destinations and addresses are one word that is no option, fio ports are
    /// TCP ports and no two hosts share an fio endpoint; every host named by `host:`, `hosts:` and
    /// `workload.fio.clients` is declared.
    mutating func checkHosts() {
        let hosts = experiment.hosts
        var names: Set<String> = []
        var endpoints: [String: String] = [:]
        for (i, host) in hosts.enumerated() {
            let p = root / "hosts" / i
            if !names.insert(host.name).inserted {
                error("host '\(host.name)' is declared twice", hint: "give every host its own name", p / "name")
            }
            if ExperimentValidator.reservedHostNames.contains(host.name) {
                error("host name '\(host.name)' is reserved", hint: "call it something else, e.g. '\(host.name)1'", p / "name")
            }
            if let ssh = host.ssh, Self.isNotOneWord(ssh) {
                error(
                    "ssh destination '\(ControlCharacters.visible(ssh))' is not a host",
                    hint: "write user@address or an ssh_config alias: one word, not starting with '-'", p / "ssh")
            }
            if let address = host.address, Self.isNotOneWord(address) || address.contains(",") {
                error(
                    "address '\(ControlCharacters.visible(address))' is not an address",
                    hint: "write the IP address or name fio's --client= connects to", p / "address")
            }
            for (j, option) in host.sshOptions.enumerated() where option == "--" || option.isEmpty {
                error("ssh option '\(option)' would end ssh's options", hint: "remove it", p / "ssh-options" / j)
            }
            if let port = host.fioPort, !(1...65535).contains(port) {
                error("fio-port \(port) is not a TCP port", hint: "use 1 to 65535; fio's default is 8765", p / "fio-port")
            }
            let endpoint = "\(host.fioAddress),\(host.port)"
            if let other = endpoints[endpoint] {
                error(
                    "hosts '\(other)' and '\(host.name)' have the same fio address and port (\(endpoint))",
                    hint: "give one of them another address or fio-port", p)
            } else {
                endpoints[endpoint] = host.name
            }
        }
        let declared = hosts.map(\.name)
        func reference(_ value: Value?, _ path: FieldPath, what: String) {
            guard let value else { return }
            var items: [(Int?, Value)] = [(nil, value)]
            if case .list(let list) = value { items = list.enumerated().map { ($0.offset, $0.element) } }
            for (index, item) in items where !item.hasExpression {
                let name = item.text
                if declared.contains(name) { continue }
                error(
                    "\(what) '\(ControlCharacters.visible(name))' is not a declared host",
                    hint: Self.hint(name, declared, what: "hosts") + " — declare it under 'hosts:'",
                    index.map { path / $0 } ?? path)
            }
        }
        if let pool = experiment.pool { reference(pool.host.map(Value.string), root / "pool" / "host", what: "pool host") }
        if let filesystem = experiment.filesystem {
            reference(filesystem.host.map(Value.string), root / "filesystem" / "host", what: "file system host")
        }
        if let pool = experiment.pool?.host, let filesystem = experiment.filesystem?.host, pool != filesystem {
            error(
                "the pool is on '\(pool)' and the file system on '\(filesystem)'",
                hint: "a study has one storage host: build both on the same host", root / "filesystem" / "host")
        }
        reference(experiment.hooks.host.map(Value.string), root / "hooks" / "host", what: "hook host")
        for (i, collector) in experiment.collectors.enumerated() {
            reference(collector.hosts, root / "collectors" / i / collector.kind.rawValue / "hosts", what: "collector host")
        }
        if case .fio(let fio) = experiment.workload, let clients = fio.clients {
            let p = root / "workload" / "fio"
            reference(clients, p / "clients", what: "client")
            if fio.devices != nil {
                error(
                    "fio clients run on files, not on raw devices", hint: "use directory: (a mounted pool or file system) with clients",
                    p / "devices")
            }
            if case .list(let list) = clients, list.isEmpty {
                error("clients lists no host", hint: "name at least one host from 'hosts'", p / "clients")
            }
        }
    }

    /// Whether `text` is empty, starts with `-`, or holds a space or a control character: no ssh destination or
    /// address.
    private static func isNotOneWord(_ text: String) -> Bool {
        text.isEmpty || text.hasPrefix("-") || text.unicodeScalars.contains { $0 == " " || $0.value < 0x20 || $0.value == 0x7F }
    }

    // MARK: pool, datasets

    mutating func checkPool() {
        guard let pool = experiment.pool else { return }
        let p = root / "pool"
        if pool.name.isEmpty {
            error("the pool name is empty", p / "name")
        } else if !pool.name.contains("${"), let problem = ZFSName.poolProblem(pool.name) {
            error("pool name '\(ControlCharacters.visible(pool.name))' \(problem)", hint: ZFSName.hint, p / "name")
        }
        if pool.vdevs.isEmpty { error("the pool has no vdevs", hint: "vdevs: ${disks[:ndisks]} stripes over the first disks", p / "vdevs") }
        let allowed = Set(experiment.disks.names.map(Self.deviceName))
        let minimum: [Vdev.Layout: Int] = [.stripe: 1, .mirror: 2, .raidz: 2, .raidz2: 3, .raidz3: 4]
        for (role, vdevs) in pool.vdevRoles {
            for (i, vdev) in vdevs.enumerated() {
                let vp = Pool.path(of: i, in: vdevs, role: role)
                let devices = vdev.devices.elements
                if case .list(let items) = vdev.devices, items.isEmpty {
                    error("a \(vdev.layout.rawValue) vdev has no devices", vp)
                    continue
                }
                var staticCount = 0
                for (j, device) in devices.enumerated() where !device.hasExpression {
                    staticCount += 1
                    var dp = vp
                    if case .list = vdev.devices { dp = vp / j }
                    if !allowed.contains(Self.deviceName(device.text)) {
                        error(
                            "vdev device '\(device.text)' is not in 'disks'",
                            hint: Self.hint(device.text, experiment.disks.names, what: "disks")
                                + " — a pool may only use listed devices", dp)
                    }
                }
                if staticCount == devices.count, let needed = minimum[vdev.layout], staticCount < needed {
                    error("a \(vdev.layout.rawValue) vdev needs at least \(needed) devices, found \(staticCount)", vp)
                }
            }
        }
    }

    mutating func checkDatasets() {
        for (i, dataset) in experiment.datasets.enumerated() {
            let p = root / "datasets" / i / "name"
            if dataset.name.isEmpty { error("the dataset name is empty", p); continue }
            if !dataset.name.contains("${"), let problem = ZFSName.datasetProblem(dataset.name) {
                error("dataset name '\(ControlCharacters.visible(dataset.name))' \(problem)", hint: ZFSName.hint, p)
                continue
            }
            guard let pool = experiment.pool else {
                error("dataset '\(dataset.name)' needs a pool", hint: "declare 'pool:' or remove 'datasets:'", p)
                continue
            }
            if !pool.name.contains("${"), !dataset.name.contains("${"), !dataset.name.hasPrefix(pool.name + "/") {
                error("dataset '\(dataset.name)' is not in pool '\(pool.name)'", hint: "name it '\(pool.name)/…'", p)
            }
        }
    }

    // MARK: workload, collectors, hooks

    mutating func checkWorkload() {
        switch experiment.workload {
        case .fio(let fio):
            let p = root / "workload" / "fio"
            switch (fio.jobFile, fio.job) {
            case (nil, nil):
                error("the fio workload needs 'job-file' or 'job'", hint: "add 'job-file: workload.fio' (relative to this file)", p)
            case (.some, .some):
                error("'job-file' and 'job' cannot be used together in fio", hint: "keep one of them", p / "job")
            case (.some(let file), nil):
                if let directory, !file.contains("${") {
                    let full = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
                    var isDirectory: ObjCBool = false
                    if !FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) || isDirectory.boolValue {
                        error(
                            "job file '\(file)' does not exist", hint: "a relative job-file is looked up next to the experiment file",
                            p / "job-file")
                    }
                }
            case (nil, .some):
                break
            }
            checkFioOptions(fio, p)
            if case .int(let v) = fio.runtime, v > ExperimentLimits.runtimeSeconds { tooLong(v, p / "runtime") }
        case .command(let command):
            if command.argv.isEmpty {
                error(
                    "the workload has no command", hint: "declare 'workload: {fio: …}' or 'workload: {command: [prog, args…]}'",
                    root / "workload")
            }
            positive(command.runtime, root / "workload" / "command" / "runtime", maximum: ExperimentLimits.runtimeSeconds)
        }
    }

    mutating func checkCollectors() {
        for (i, collector) in experiment.collectors.enumerated() {
            let p = root / "collectors" / i / collector.kind.rawValue
            positive(collector.interval, p / "interval", maximum: ExperimentLimits.runtimeSeconds)
            if collector.kind == .command, collector.argv.isEmpty {
                error("a command collector needs its argv", hint: "write - command: {argv: [...]}", p)
            }
        }
    }

    mutating func checkHooks() {
        for (key, commands) in experiment.hooks.byKey {
            for (i, argv) in commands.enumerated() where argv.isEmpty {
                error("hook command is empty", hint: "give at least the program name", root / "hooks" / key / i)
            }
        }
    }

    /// The fio options: typed ones hold values of their type, iosweep's own are not set, and every block
    /// device named (`filename=/dev/sdb`, here or in the job file) is listed in `disks`.
    mutating func checkFioOptions(_ fio: Fio, _ p: FieldPath) {
        var typed: [(name: String, value: Value)] = []
        for (name, value) in [("numjobs", fio.numjobs), ("size", fio.size), ("runtime", fio.runtime)] as [(String, Value?)] {
            if let value { typed.append((name: name, value: value)) }
        }
        typed += fio.options.map { (name: $0.name, value: $0.value) }
        for (name, value) in typed where !value.hasExpression {
            if let kind = FioOption.kinds[name], let problem = FioOption.problem(value, kind, at: (p / name).description) {
                error(problem.message, hint: problem.hint, p / name)
            }
        }
        for entry in fio.options {
            if let why = FioOption.reserved[entry.name] {
                error("fio option '\(entry.name)' is set by iosweep", hint: "remove it: \(why)", p / entry.name)
            }
        }
        // Raw devices (literal ones; the planner checks rendered values): names from `disks`.
        if let devices = fio.devices, !devices.hasExpression {
            let items: [Value] = if case .list(let items) = devices { items } else { [devices] }
            for item in items where !experiment.disks.names.contains(item.text) && !experiment.disks.lists(item.text) {
                error(
                    "device '\(item.text)' is not listed in disks",
                    hint: "devices are disks this study may destroy: list them in disks, or name them through ${disks[…]}",
                    p / "devices")
            }
        }
        // Devices: the options (literal ones; the planner checks rendered values), then the job file's lines.
        var written: [(option: String, value: String)] = []
        var paths: [FieldPath] = []
        if let directory = fio.directory, case .string(let text) = directory, !directory.hasExpression {
            written.append((option: "directory", value: text))
            paths.append(p / "directory")
        }
        for entry in fio.options where FioOption.paths.contains(entry.name) && !entry.value.hasExpression {
            written.append((option: entry.name, value: entry.value.text))
            paths.append(p / entry.name)
        }
        var job: (text: String, file: String?)?
        if let text = fio.job {
            job = (text, nil)
        } else if let file = fio.jobFile, let directory, !file.contains("${") {
            let full = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
            if case .success(let bytes) = FileContents.read(full, limit: FileContents.textLimit),
                let text = String(validating: bytes, as: UTF8.self)
            {
                job = (text, full.hasPrefix("./") ? String(full.dropFirst(2)) : full)
            }
        }
        let lines = job.map { FioTargets.jobFileOptions($0.text) } ?? []
        written += lines.map { (option: $0.option, value: $0.value) }
        for (index, device) in FioTargets.devices(written) where !experiment.disks.lists(device.path) {
            let message = "fio \(device.option) '\(device.path)' is a device not listed in 'disks'"
            let hint = "fio would write to it: add it to disks (the allowlist of what this study may destroy) or use a file path"
            if index < paths.count {
                error(message, hint: hint, paths[index])
            } else if let file = job?.file {
                let line = lines[index - paths.count].line
                diagnostics.append(
                    Diagnostic(
                        .error, message + " (in the job file)", hint: hint,
                        location: SourceLocation(file: file, line: line, column: 1), path: p / "job-file"))
            } else {
                error(message + " (line \(lines[index - paths.count].line) of the job)", hint: hint, p / "job")
            }
        }
        for line in lines {
            if let why = FioOption.reserved[line.option] {
                let message = "fio option '\(line.option)' is set by iosweep"
                if let file = job?.file {
                    diagnostics.append(
                        Diagnostic(
                            .error, message + " (in the job file)", hint: "remove it: \(why)",
                            location: SourceLocation(file: file, line: line.line, column: 1), path: p / "job-file"))
                } else {
                    error(message + " (line \(line.line) of the job)", hint: "remove it: \(why)", p / "job")
                }
            }
        }
    }

    // MARK: filesystem

    /// A literal type is one iosweep makes, literal devices are listed in `disks` (one for ext4 and xfs), and the
    /// mount point is one absolute path for the whole study.
    mutating func checkFilesystem() {
        guard let filesystem = experiment.filesystem else { return }
        let p = root / "filesystem"
        let kinds = Filesystem.Kind.allCases.map(\.rawValue)
        var kind: Filesystem.Kind?
        if !filesystem.type.hasExpression {
            kind = Filesystem.Kind(rawValue: filesystem.type.text)
            if kind == nil {
                error(
                    "file system type '\(filesystem.type.text)' is not one iosweep makes",
                    hint: Suggestion.closest(to: filesystem.type.text, among: kinds).map { "did you mean '\($0)'?" }
                        ?? "write one of \(kinds.joined(separator: ", "))", p / "type")
            }
        }
        if !filesystem.devices.hasExpression {
            let items: [Value] = if case .list(let items) = filesystem.devices { items } else { [filesystem.devices] }
            for item in items where !experiment.disks.names.contains(item.text) && !experiment.disks.lists(item.text) {
                error(
                    "device '\(item.text)' is not listed in disks", hint: "a file system destroys its devices: list them in disks",
                    p / "devices")
            }
            if let kind, !kind.takesSeveralDevices, items.count != 1 {
                error("\(kind.rawValue) is made on one device, not \(items.count)", hint: "btrfs spans several devices", p / "devices")
            }
        }
        if let mountpoint = filesystem.mountpoint {
            if mountpoint.hasExpression || !mountpoint.text.hasPrefix("/") {
                error(
                    "the mount point must be one absolute path for the whole study", hint: "e.g. mountpoint: /mnt/bench, or leave it out",
                    p / "mountpoint")
            } else if let problem = Filesystem.mountpointProblem(mountpoint.text) {
                error(
                    "mount point '\(ControlCharacters.visible(mountpoint.text))' \(problem)",
                    hint: "mount under a directory of your own, e.g. /mnt/bench, or leave it out (the results directory's .mnt)",
                    p / "mountpoint")
            }
        }
        if experiment.pool != nil, experiment.pool?.when == nil, filesystem.when == nil {
            error(
                "a cell has one target: the pool and the file system both apply to every cell",
                hint: "choose per cell with when: on both, e.g. when: ${fs == 'zfs'} and when: ${fs != 'zfs'}", p)
        }
    }

    // MARK: results

    /// A literal `results:` path must be usable as is; a template is checked per cell by the planner.
    mutating func checkResults() {
        guard let results = experiment.results, !results.contains("${") else { return }
        if let problem = ResultPath.problem(results) {
            error("result path '\(ControlCharacters.visible(results))' \(problem)", hint: ResultPath.hint, root / "results")
        }
    }

    // MARK: expressions

    mutating func checkExpressions() {
        let names = experiment.expressionNames
        for field in experiment.templatedFields {
            guard case .string(let text) = field.value, text.contains("${") else { continue }
            let template: Template
            do {
                template = try Template(parsing: text)
            } catch {
                self.error("expression: \(error.message)", hint: error.hint, field.path, offset: error.offset)
                continue
            }
            var available = names
            if field.path == root / "pool" / "name" { available.remove("pool") }
            for part in template.parts {
                guard case .expression(let expression) = part else { continue }
                for (name, offset) in expression.nameOccurrences where !available.contains(name) {
                    let hint =
                        Suggestion.closest(to: name, among: available.sorted()).map { "did you mean '\($0)'?" }
                        ?? "names available: \(available.sorted().joined(separator: ", "))"
                    error("unknown name '\(name)' in expression", hint: hint, field.path, offset: offset)
                }
            }
        }
    }

    // MARK: helpers

    /// An integer value must be ≥ 1 (and ≤ `maximum` seconds); an expression is checked per cell by the planner.
    mutating func positive(_ value: Value?, _ path: FieldPath, maximum: Int? = nil) {
        guard let value else { return }
        switch value {
        case .int(let v) where v < 1:
            error("'\(path)' must be at least 1, found \(v)", path)
        case .int(let v) where maximum.map { v > $0 } ?? false:
            tooLong(v, path)
        case .string(let s) where !s.contains("${"):
            if let v = Int(s) {
                if v < 1 { error("'\(path)' must be at least 1, found \(v)", path) }
                if let maximum, v > maximum { tooLong(v, path) }
            } else {
                error("'\(path)' must be an integer, found '\(s)'", path)
            }
        case .double, .bool, .list:
            error("'\(path)' must be an integer, found \(value.text)", path)
        default:
            break
        }
    }

    static func deviceName(_ name: String) -> String { Disks.bareName(name) }

    /// More seconds than ``ExperimentLimits/runtimeSeconds``.
    mutating func tooLong(_ seconds: Int, _ path: FieldPath) {
        error("'\(path)' is \(seconds) seconds, more than the limit of \(ExperimentLimits.runtimeSeconds.groupedDigits) (365 days)", path)
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    static func hint(_ word: String, _ candidates: [String], what: String) -> String {
        if let close = Suggestion.closest(to: word, among: candidates) { return "did you mean '\(close)'?" }
        return candidates.isEmpty ? "there are no \(what)" : "\(what): \(candidates.joined(separator: ", "))"
    }
}

extension Expression {
    /// Every name the expression reads, with its offset in the template text, in text order.
    var nameOccurrences: [(String, Int)] {
        switch self {
        case .integer, .string: return []
        case .name(let n, let offset): return [(n, offset)]
        case .negate(let e, _), .not(let e, _): return e.nameOccurrences
        case .binary(_, let l, let r, _): return l.nameOccurrences + r.nameOccurrences
        case .call(_, let args, _): return args.flatMap(\.nameOccurrences)
        case .index(let b, let i, _): return b.nameOccurrences + i.nameOccurrences
        case .slice(let b, let lo, let hi, _):
            return b.nameOccurrences + (lo?.nameOccurrences ?? []) + (hi?.nameOccurrences ?? [])
        }
    }
}
