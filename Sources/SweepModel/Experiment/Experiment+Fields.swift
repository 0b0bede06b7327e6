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
    /// matrix repeats), `disks` (the device names, a list), `experiment` (the name), `pool` (the pool
    /// name, when a pool is declared), `mountpoint` (with a file system), `hosts` (the host names, with
    /// `hosts`) and `host` (the client a job file is written for, with `workload.fio.clients`).
    public var expressionNames: Set<String> {
        var names: Set<String> = ["disks", "experiment"]
        for axis in matrix.axes { names.insert(axis.name) }
        for entry in matrix.include { names.formUnion(entry.names) }
        if matrix.repeat != nil || steadyState != nil { names.insert("repeat") }
        if let search { names.insert(search.parameter) }
        if pool != nil { names.insert("pool") }
        if filesystem != nil { names.insert("mountpoint") }
        if !hosts.isEmpty { names.insert("hosts") }
        if case .fio(let fio) = workload, fio.clients != nil { names.insert("host") }
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
        if let filesystem { environment["mountpoint"] = .string(filesystem.mountpointPath) }
        if !hosts.isEmpty { environment["hosts"] = .list(hosts.map { .string($0.name) }) }
        return environment
    }

    /// Every field that may hold `${…}` expressions, in file order, with its path as written in YAML
    /// (shorthand forms included: a single stripe is `pool.vdevs`, a command without runtime is
    /// `workload.command[i]`). The planner uses these paths for its diagnostics.
    public var templatedFields: [ExperimentField] {
        texts.compactMap { $0.isTemplated ? ExperimentField(path: $0.path, value: .string($0.text)) : nil }
    }
}

extension Experiment {
    /// The host pools and file systems are built on (`pool.host`, else `filesystem.host`); `nil` is the controller.
    public var storageHost: String? { pool?.host ?? filesystem?.host }
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
