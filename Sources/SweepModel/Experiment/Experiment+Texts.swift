/// One piece of text written in an experiment — a value, or a name written as a mapping key — with its YAML path.
package struct ExperimentText: Hashable, Sendable {
    package var path: FieldPath
    package var text: String
    /// A name written as a key (an axis, a property, an fio option); `path` ends with it.
    package var isName: Bool
    /// A value whose `${…}` expressions the planner evaluates per cell (``Experiment/templatedFields``).
    package var isTemplated: Bool = false
}

extension Experiment {
    /// Every text of the experiment, names and values, in file order: what control-character checks read,
    /// and, those marked ``ExperimentText/isTemplated``, the fields the planner evaluates. The one walk over an
    /// experiment's fields: a field added to the language is added here.
    package var texts: [ExperimentText] {
        var out: [ExperimentText] = []
        func value(_ path: FieldPath, _ v: Value?, templated: Bool = true) {
            switch v {
            case .string(let s)?: out.append(ExperimentText(path: path, text: s, isName: false, isTemplated: templated))
            case .list(let items)?: for (i, item) in items.enumerated() { value(path / i, item, templated: templated) }
            default: break
            }
        }
        func text(_ path: FieldPath, _ s: String?, templated: Bool = true) { value(path, s.map(Value.string), templated: templated) }
        func settings(_ path: FieldPath, _ settings: Settings, templated: Bool = true) {
            for entry in settings {
                out.append(ExperimentText(path: path / entry.name, text: entry.name, isName: true))
                value(path / entry.name, entry.value, templated: templated)
            }
        }
        let root = FieldPath.root
        text(root / "experiment", name, templated: false)
        text(root / "description", description, templated: false)
        switch disks {
        case .devices(let names): for (i, name) in names.enumerated() { text(root / "disks" / i, name, templated: false) }
        case .scratch(let scratch):
            text(root / "disks" / "scratch" / "size", scratch.size, templated: false)
            text(root / "disks" / "scratch" / "dir", scratch.dir, templated: false)
        }
        for (i, host) in hosts.enumerated() {
            let p = root / "hosts" / i
            text(p / "name", host.name, templated: false)
            text(p / "address", host.address, templated: false)
            text(p / "ssh", host.ssh, templated: false)
            value(p / "ssh-options", .list(host.sshOptions.map(Value.string)), templated: false)
        }
        for axis in matrix.axes {
            out.append(ExperimentText(path: root / "matrix" / axis.name, text: axis.name, isName: true))
            value(root / "matrix" / axis.name, .list(axis.values), templated: false)
        }
        for (i, entry) in matrix.include.enumerated() { settings(root / "matrix" / "include" / i, entry) }
        for (i, entry) in matrix.exclude.enumerated() { settings(root / "matrix" / "exclude" / i, entry, templated: false) }
        text(root / "matrix" / "repeat" / "after", matrix.repeat?.after, templated: false)
        if let pool {
            text(root / "pool" / "name", pool.name)
            for (role, vdevs) in pool.vdevRoles {
                for (i, vdev) in vdevs.enumerated() { value(Pool.path(of: i, in: vdevs, role: role), vdev.devices) }
            }
            settings(root / "pool" / "properties", pool.properties)
            settings(root / "pool" / "filesystem-properties", pool.filesystemProperties)
            value(root / "pool" / "when", pool.when)
            text(root / "pool" / "host", pool.host, templated: false)
        }
        for (i, dataset) in datasets.enumerated() {
            text(root / "datasets" / i / "name", dataset.name)
            settings(root / "datasets" / i / "properties", dataset.properties)
            value(root / "datasets" / i / "when", dataset.when)
        }
        if let filesystem {
            let p = root / "filesystem"
            value(p / "type", filesystem.type)
            value(p / "devices", filesystem.devices)
            value(p / "mkfs-options", .list(filesystem.mkfsOptions))
            value(p / "mount-options", .list(filesystem.mountOptions))
            value(p / "mountpoint", filesystem.mountpoint)
            value(p / "when", filesystem.when)
            text(p / "host", filesystem.host, templated: false)
        }
        switch workload {
        case .fio(let fio):
            let p = root / "workload" / "fio"
            text(p / "job-file", fio.jobFile)
            text(p / "job", fio.job, templated: false)
            value(p / "directory", fio.directory)
            value(p / "devices", fio.devices)
            value(p / "numjobs", fio.numjobs)
            value(p / "size", fio.size)
            value(p / "runtime", fio.runtime)
            text(p / "output-format", fio.outputFormat, templated: false)
            value(p / "clients", fio.clients)
            settings(p, fio.options)
        case .command(let command):
            value(command.argvPath, .list(command.argv))
            value(root / "workload" / "command" / "runtime", command.runtime)
        }
        for (i, collector) in collectors.enumerated() {
            let p = root / "collectors" / i / collector.kind.rawValue
            value(p / "devices", collector.devices)
            value(p / "interval", collector.interval)
            value(p / "argv", .list(collector.argv))
            text(p / "name", collector.name, templated: false)
            value(p / "when", collector.when)
            value(p / "hosts", collector.hosts)
        }
        for (key, commands) in hooks.byKey {
            for (i, argv) in commands.enumerated() { value(root / "hooks" / key / i, .list(argv)) }
        }
        text(root / "hooks" / "host", hooks.host, templated: false)
        text(root / "results", results)
        return out
    }
}
