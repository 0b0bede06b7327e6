import Foundation
import Yams

extension Experiment {
    /// The experiment as canonical YAML: keys in the reference order, defaults left out, scalar lists
    /// inline. Loading the text back gives an `==` experiment.
    public func yaml() -> String {
        let node = YAMLExport.experiment(self)
        do {
            return try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, sortKeys: false)
        } catch {
            // Serializing a tree of plain scalars, lists and mappings does not fail; keep a readable fallback.
            return "# could not serialize: \(error)\n"
        }
    }
}

/// Builds the Yams node tree of the canonical YAML form.
enum YAMLExport {
    static func experiment(_ e: Experiment) -> Node {
        var pairs: [(Node, Node)] = [(key("experiment"), text(e.name))]
        if let description = e.description { pairs.append((key("description"), text(description))) }
        switch e.disks {
        case .devices(let names):
            if !names.isEmpty { pairs.append((key("disks"), flow(names.map(text)))) }
        case .scratch(let scratch):
            var s: [(Node, Node)] = [(key("count"), value(.int(scratch.count))), (key("size"), text(scratch.size))]
            if let dir = scratch.dir { s.append((key("dir"), text(dir))) }
            pairs.append((key("disks"), mapping([(key("scratch"), mapping(s, flow: true))])))
        }
        if !e.hosts.isEmpty { pairs.append((key("hosts"), Node(e.hosts.map(host)))) }
        if let m = matrix(e.matrix) { pairs.append((key("matrix"), m)) }
        if let pool = e.pool { pairs.append((key("pool"), self.pool(pool))) }
        if !e.datasets.isEmpty {
            pairs.append(
                (
                    key("datasets"),
                    Node(
                        e.datasets.map { dataset in
                            var d: [(Node, Node)] = [(key("name"), text(dataset.name))]
                            if !dataset.properties.isEmpty { d.append((key("properties"), settings(dataset.properties))) }
                            if let when = dataset.when { d.append((key("when"), value(when))) }
                            return mapping(d)
                        })
                ))
        }
        if let filesystem = e.filesystem { pairs.append((key("filesystem"), self.filesystem(filesystem))) }
        pairs.append((key("workload"), workload(e.workload)))
        if !e.collectors.isEmpty { pairs.append((key("collectors"), Node(e.collectors.map(collector)))) }
        if !e.hooks.isEmpty {
            var hooks = e.hooks.byKey.filter { !$0.1.isEmpty }.map { (key($0.0), Node($0.1.map { flow($0.map(value)) })) }
            if let host = e.hooks.host { hooks.append((key("host"), text(host))) }
            pairs.append((key("hooks"), mapping(hooks)))
        }
        if let results = e.results { pairs.append((key("results"), text(results))) }
        if e.sudo { pairs.append((key("sudo"), value(.bool(true)))) }
        if e.wipe { pairs.append((key("wipe"), value(.bool(true)))) }
        if let search = e.search { pairs.append((key("search"), self.search(search))) }
        if let steady = e.steadyState {
            pairs.append(
                (
                    key("steady-state"),
                    mapping([
                        (key("metric"), text(steady.metric)), (key("window"), value(.int(steady.window))),
                        (key("range"), text(steady.range.description)), (key("slope"), text(steady.slope.description)),
                        (key("max-rounds"), value(.int(steady.maxRounds))),
                    ])
                ))
        }
        return mapping(pairs)
    }

    static func matrix(_ m: Matrix) -> Node? {
        var pairs: [(Node, Node)] = m.axes.map { (key($0.name), flow($0.values.map(value))) }
        if !m.include.isEmpty { pairs.append((key("include"), Node(m.include.map { settings($0, flow: true) }))) }
        if !m.exclude.isEmpty { pairs.append((key("exclude"), Node(m.exclude.map { settings($0, flow: true) }))) }
        if let r = m.repeat, let until = r.until {
            var fields: [(Node, Node)] = []
            if let minimum = r.minimum { fields.append((key("min"), value(.int(minimum)))) }
            fields.append((key("max"), value(.int(r.count))))
            if let after = r.after { fields.append((key("after"), text(after))) }
            let precise = mapping(
                [(key("metric"), text(until.metric)), (key("ci-halfwidth"), text(until.ciHalfWidth.description))], flow: true)
            fields.append((key("until"), precise))
            pairs.append((key("repeat"), mapping(fields, flow: true)))
        } else if let r = m.repeat {
            if let after = r.after {
                pairs.append((key("repeat"), mapping([(key("count"), value(.int(r.count))), (key("after"), text(after))], flow: true)))
            } else {
                pairs.append((key("repeat"), value(.int(r.count))))
            }
        }
        if let stop = m.stop { pairs.append((key("stop"), self.stop(stop))) }
        if m.order != .sequential { pairs.append((key("order"), text(m.order.rawValue))) }
        if let seed = m.seed { pairs.append((key("seed"), Node(String(seed), Tag(.int)))) }
        return pairs.isEmpty ? nil : mapping(pairs)
    }

    static func search(_ search: SearchRule) -> Node {
        var pairs: [(Node, Node)] = [
            (key("parameter"), text(search.parameter)),
            (key("range"), flow([value(.int(search.lower)), value(.int(search.upper))])),
        ]
        if let maximize = search.maximize { pairs.append((key("maximize"), text(maximize))) }
        let constraints = search.constraints.map { text($0.description) }
        pairs.append((key("subject-to"), constraints.count == 1 ? constraints[0] : flow(constraints)))
        pairs.append((key("tolerance"), text(search.tolerance.description)))
        return mapping(pairs)
    }

    static func stop(_ stop: StopRule) -> Node {
        var pairs: [(Node, Node)] = [(key("axis"), text(stop.axis))]
        switch stop.condition {
        case .gainBelow:
            pairs += [(key("metric"), text(stop.metric)), (key("gain-below"), text(stop.threshold.description))]
        case .latencyAbove:
            let limit = mapping([(key("metric"), text(stop.metric)), (key("value"), text(stop.threshold.description))], flow: true)
            pairs.append((key("latency-above"), limit))
        }
        if stop.consecutive != 1 { pairs.append((key("for"), value(.int(stop.consecutive)))) }
        return mapping(pairs)
    }

    static func pool(_ pool: Pool) -> Node {
        var pairs: [(Node, Node)] = [(key("name"), text(pool.name))]
        for (role, vdevs) in pool.vdevRoles where !vdevs.isEmpty || role == "vdevs" {
            pairs.append((key(role), self.vdevs(vdevs)))
        }
        if pool.force { pairs.append((key("force"), value(.bool(true)))) }
        if !pool.properties.isEmpty { pairs.append((key("properties"), settings(pool.properties))) }
        if !pool.filesystemProperties.isEmpty { pairs.append((key("filesystem-properties"), settings(pool.filesystemProperties))) }
        if pool.recreate != .perCell { pairs.append((key("recreate"), text(pool.recreate.rawValue))) }
        if let when = pool.when { pairs.append((key("when"), value(when))) }
        if let host = pool.host { pairs.append((key("host"), text(host))) }
        return mapping(pairs)
    }

    static func host(_ host: StudyHost) -> Node {
        var pairs: [(Node, Node)] = [(key("name"), text(host.name))]
        if let address = host.address { pairs.append((key("address"), text(address))) }
        if let ssh = host.ssh { pairs.append((key("ssh"), text(ssh))) }
        if !host.sshOptions.isEmpty { pairs.append((key("ssh-options"), flow(host.sshOptions.map(text)))) }
        if let port = host.fioPort { pairs.append((key("fio-port"), value(.int(port)))) }
        return mapping(pairs, flow: true)
    }

    static func filesystem(_ filesystem: Filesystem) -> Node {
        var pairs: [(Node, Node)] = [(key("type"), value(filesystem.type)), (key("devices"), value(filesystem.devices))]
        if !filesystem.mkfsOptions.isEmpty { pairs.append((key("mkfs-options"), flow(filesystem.mkfsOptions.map(value)))) }
        if !filesystem.mountOptions.isEmpty { pairs.append((key("mount-options"), flow(filesystem.mountOptions.map(value)))) }
        if let mountpoint = filesystem.mountpoint { pairs.append((key("mountpoint"), value(mountpoint))) }
        if filesystem.recreate != .perCell { pairs.append((key("recreate"), text(filesystem.recreate.rawValue))) }
        if let when = filesystem.when { pairs.append((key("when"), value(when))) }
        if let host = filesystem.host { pairs.append((key("host"), text(host))) }
        return mapping(pairs)
    }

    static func vdevs(_ vdevs: [Vdev]) -> Node {
        if vdevs.count == 1, vdevs[0].layout == .stripe, !isEmptyList(vdevs[0].devices) { return value(vdevs[0].devices) }
        return Node(vdevs.map { mapping([(key($0.layout.rawValue), value($0.devices))], flow: true) })
    }

    static func workload(_ workload: Workload) -> Node {
        switch workload {
        case .fio(let fio):
            var f: [(Node, Node)] = []
            if let jobFile = fio.jobFile { f.append((key("job-file"), text(jobFile))) }
            if let job = fio.job {
                f.append((key("job"), Node(job, Tag(.str), job.contains("\n") ? .literal : .any)))
            }
            if let v = fio.directory { f.append((key("directory"), value(v))) }
            if let v = fio.devices { f.append((key("devices"), value(v))) }
            if let v = fio.numjobs { f.append((key("numjobs"), value(v))) }
            if let v = fio.size { f.append((key("size"), value(v))) }
            if let v = fio.runtime { f.append((key("runtime"), value(v))) }
            if fio.outputFormat != "json+" { f.append((key("output-format"), text(fio.outputFormat))) }
            if let clients = fio.clients { f.append((key("clients"), value(clients))) }
            if fio.clients != nil || fio.servers != .managed { f.append((key("servers"), text(fio.servers.rawValue))) }
            for setting in fio.options { f.append((key(setting.name), value(setting.value))) }
            return mapping([(key("fio"), mapping(f))])
        case .command(let command):
            let argv = flow(command.argv.map(value))
            guard let runtime = command.runtime else { return mapping([(key("command"), argv)]) }
            return mapping([(key("command"), mapping([(key("argv"), argv), (key("runtime"), value(runtime))]))])
        }
    }

    static func collector(_ c: Collector) -> Node {
        var f: [(Node, Node)] = []
        if c.kind == .command {
            f.append((key("argv"), flow(c.argv.map(value))))
            if let name = c.name { f.append((key("name"), text(name))) }
        }
        if let devices = c.devices { f.append((key("devices"), value(devices))) }
        if c.interval != .int(1) { f.append((key("interval"), value(c.interval))) }
        if c.format != .text { f.append((key("format"), text(c.format.rawValue))) }
        if c.required { f.append((key("required"), value(.bool(true)))) }
        if let when = c.when { f.append((key("when"), value(when))) }
        if let hosts = c.hosts { f.append((key("hosts"), value(hosts))) }
        return mapping([(key(c.kind.rawValue), mapping(f, flow: true))])
    }

    // MARK: nodes

    static func key(_ name: String) -> Node { Node(name, Tag(.str), .plain) }

    /// Text that reads back as the same text: quoted when a plain scalar would be a number, a boolean or null.
    static func text(_ string: String) -> Node {
        let plain = Node(string)
        let resolved = Resolver.default.resolveTag(of: plain)
        let needsQuotes = resolved != .str || string.isEmpty || string != string.trimmingCharacters(in: .init(charactersIn: " "))
        return Node(string, Tag(.str), needsQuotes ? .doubleQuoted : .any)
    }

    static func value(_ v: Value) -> Node {
        switch v {
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(d.description, Tag(.float))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .string(let s): return text(s)
        case .list(let items): return flow(items.map(value))
        }
    }

    static func flow(_ nodes: [Node]) -> Node { Node(nodes, Tag(.seq), .flow) }

    static func mapping(_ pairs: [(Node, Node)], flow: Bool = false) -> Node {
        Node(pairs, Tag(.map), flow ? .flow : .block)
    }

    static func settings(_ settings: Settings, flow: Bool = true) -> Node {
        mapping(settings.map { (key($0.name), value($0.value)) }, flow: flow)
    }

    static func isEmptyList(_ v: Value) -> Bool {
        if case .list(let items) = v { return items.isEmpty }
        return false
    }
}
