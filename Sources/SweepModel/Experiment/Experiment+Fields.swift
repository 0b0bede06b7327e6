/// A field of an experiment that may hold `${…}` expressions, with its path in the YAML form.
public struct ExperimentField: Hashable, Sendable {
    public var path: FieldPath
    public var value: Value

    public init(path: FieldPath, value: Value) {
        self.path = path
        self.value = value
    }
}

extension Experiment {
    /// Names an expression may use: the axis names, keys added by `matrix.include`, `repeat` (when the
    /// matrix repeats), `disks` (the device names, a list), `experiment` (the name) and `pool` (the pool
    /// name, when a pool is declared).
    public var expressionNames: Set<String> {
        var names: Set<String> = ["disks", "experiment"]
        for axis in matrix.axes { names.insert(axis.name) }
        for entry in matrix.include { names.formUnion(entry.names) }
        if matrix.repeat != nil { names.insert("repeat") }
        if pool != nil { names.insert("pool") }
        return names
    }

    /// The environment a cell's expressions are evaluated in: the cell's values (axes, include keys,
    /// `repeat`) plus `disks`, `experiment` and `pool`. A pool name that is itself an expression is
    /// resolved in the cell's values first.
    public func expressionEnvironment(cell: [String: Value]) -> [String: Value] {
        var environment = cell
        environment["disks"] = .list(disks.names.map(Value.string))
        environment["experiment"] = .string(name)
        if let pool {
            environment["pool"] = (try? Value.string(pool.name).resolved(in: environment)) ?? .string(pool.name)
        }
        return environment
    }

    /// Every field that may hold `${…}` expressions, in file order, with its path as written in YAML
    /// (shorthand forms included: a single stripe is `pool.vdevs`, a command without runtime is
    /// `workload.command[i]`). The planner uses these paths for its diagnostics.
    public var templatedFields: [ExperimentField] {
        var fields: [ExperimentField] = []
        func add(_ path: FieldPath, _ value: Value?) {
            guard let value else { return }
            switch value {
            case .string: fields.append(ExperimentField(path: path, value: value))
            case .list(let items): for (i, item) in items.enumerated() { add(path / i, item) }
            default: break
            }
        }
        let root = FieldPath.root
        for (i, entry) in matrix.include.enumerated() {
            for setting in entry { add(root / "matrix" / "include" / i / setting.name, setting.value) }
        }
        if let pool {
            add(root / "pool" / "name", .string(pool.name))
            for (role, vdevs) in pool.vdevRoles {
                for (i, vdev) in vdevs.enumerated() { add(Pool.path(of: i, in: vdevs, role: role), vdev.devices) }
            }
            for setting in pool.properties { add(root / "pool" / "properties" / setting.name, setting.value) }
            for setting in pool.filesystemProperties { add(root / "pool" / "filesystem-properties" / setting.name, setting.value) }
        }
        for (i, dataset) in datasets.enumerated() {
            add(root / "datasets" / i / "name", .string(dataset.name))
            for setting in dataset.properties { add(root / "datasets" / i / "properties" / setting.name, setting.value) }
        }
        switch workload {
        case .fio(let fio):
            let p = root / "workload" / "fio"
            add(p / "job-file", fio.jobFile.map(Value.string))
            add(p / "directory", fio.directory)
            add(p / "numjobs", fio.numjobs)
            add(p / "size", fio.size)
            add(p / "runtime", fio.runtime)
            for setting in fio.options { add(p / setting.name, setting.value) }
        case .command(let command):
            add(command.argvPath, .list(command.argv))
            add(root / "workload" / "command" / "runtime", command.runtime)
        }
        for (i, collector) in collectors.enumerated() {
            let p = root / "collectors" / i / collector.kind.rawValue
            add(p / "devices", collector.devices)
            add(p / "interval", collector.interval)
            add(p / "argv", .list(collector.argv))
        }
        for (key, commands) in hooks.byKey {
            for (i, argv) in commands.enumerated() { add(root / "hooks" / key / i, .list(argv)) }
        }
        add(root / "results", results.map(Value.string))
        return fields
    }
}

extension Pool {
    /// The vdev lists by their YAML key: `vdevs`, `log`, `cache`, `special`.
    public var vdevRoles: [(String, [Vdev])] {
        [("vdevs", vdevs), ("log", log), ("cache", cache), ("special", special)]
    }

    /// The path of vdev group `index` of a vdev list written under `role` (`vdevs`, `log`, …):
    /// `pool.vdevs` for a lone stripe (written as an expression or a device list), else `pool.vdevs[i].mirror`.
    public static func path(of index: Int, in vdevs: [Vdev], role: String) -> FieldPath {
        let base = FieldPath.root / "pool" / role
        if vdevs.count == 1, vdevs[0].layout == .stripe { return base }
        return base / index / vdevs[index].layout.rawValue
    }
}

extension CommandWorkload {
    /// `workload.command` when written as a plain list (no runtime), else `workload.command.argv`.
    var argvPath: FieldPath {
        let base = FieldPath.root / "workload" / "command"
        return runtime == nil ? base : base / "argv"
    }
}

extension Hooks {
    /// The hook lists by their YAML key, in run order.
    public var byKey: [(String, [[Value]])] {
        [("before-run", beforeRun), ("before-cell", beforeCell), ("after-cell", afterCell), ("after-run", afterRun)]
    }
}
