import Yams

extension NodeDecoder {
    /// The experiment in `root`, or `nil` when a required part could not be decoded (problems are in `diagnostics`).
    mutating func experiment(_ root: Node) -> Experiment? {
        let path = FieldPath.root
        recordLocations(root, at: path)
        guard let f = fields(root, path, LanguageSchema.experiment) else { return nil }

        let name = f["experiment"].flatMap { string($0, path / "experiment") }
        let description = f["description"].flatMap { Self.isNull($0) ? nil : string($0, path / "description") }
        let disks = f["disks"].map { decodeDisks($0, path / "disks") } ?? .devices([])
        let hosts =
            f["hosts"].flatMap { node in
                list(node, path / "hosts", what: "hosts") { $0.decodeHost($1, $2) }
            } ?? []
        let matrix = f["matrix"].map { decodeMatrix($0, path / "matrix") } ?? Matrix()
        let pool = f["pool"].flatMap { decodePool($0, path / "pool") }
        let datasets =
            f["datasets"].flatMap { node in
                list(node, path / "datasets", what: "datasets") { $0.decodeDataset($1, $2) }
            } ?? []
        let filesystem = f["filesystem"].flatMap { decodeFilesystem($0, path / "filesystem") }
        let workload = f["workload"].flatMap { decodeWorkload($0, path / "workload") }
        let collectors =
            f["collectors"].flatMap { node in
                list(node, path / "collectors", what: "collectors") { $0.decodeCollector($1, $2) }
            } ?? []
        let hooks = f["hooks"].map { decodeHooks($0, path / "hooks") } ?? Hooks()
        let results = f["results"].flatMap { string($0, path / "results") }
        let sudo = f["sudo"].flatMap { bool($0, path / "sudo") } ?? false
        let wipe = f["wipe"].flatMap { bool($0, path / "wipe") } ?? false
        let search = f["search"].flatMap { decodeSearch($0, path / "search") }
        let steadyState = f["steady-state"].flatMap { decodeSteadyState($0, path / "steady-state") }

        guard let name, let workload else { return nil }
        return Experiment(
            name: name, description: description, disks: disks, hosts: hosts, matrix: matrix, pool: pool, datasets: datasets,
            filesystem: filesystem, workload: workload, collectors: collectors, hooks: hooks, results: results, sudo: sudo, wipe: wipe,
            search: search, steadyState: steadyState)
    }

    // MARK: disks

    mutating func decodeDisks(_ node: Node, _ path: FieldPath) -> Disks {
        if case .mapping = node {
            guard let f = fields(node, path, LanguageSchema.scratchDisks),
                let scratchNode = f["scratch"],
                let s = fields(scratchNode, path / "scratch", LanguageSchema.scratch)
            else { return .devices([]) }
            let p = path / "scratch"
            let count = s["count"].flatMap { literalInteger($0, p / "count") } ?? 0
            let size = s["size"].flatMap { string($0, p / "size") } ?? ""
            let dir = s["dir"].flatMap { string($0, p / "dir") }
            return .scratch(Scratch(count: count, size: size, dir: dir))
        }
        let names = list(node, path, what: "disks") { $0.string($1, $2) } ?? []
        return .devices(names)
    }

    // MARK: hosts

    mutating func decodeHost(_ node: Node, _ path: FieldPath) -> StudyHost? {
        guard let f = fields(node, path, LanguageSchema.host) else { return nil }
        let name = f["name"].flatMap { string($0, path / "name") }
        let address = f["address"].flatMap { string($0, path / "address") }
        let ssh = f["ssh"].flatMap { string($0, path / "ssh") }
        let options = f["ssh-options"].flatMap { argv($0, path / "ssh-options") }?.map(\.text) ?? []
        let port = f["fio-port"].flatMap { literalInteger($0, path / "fio-port") }
        guard let name else { return nil }
        return StudyHost(name: name, address: address, ssh: ssh, sshOptions: options, fioPort: port)
    }

    /// `host: NAME` or `hosts: NAMES` of a collector: one name, a list, or an expression.
    mutating func hostNames(_ node: Node, _ path: FieldPath) -> Value? {
        if case .scalar = node { return string(node, path).map(Value.string) }
        return value(node, path)
    }

    // MARK: matrix

    mutating func decodeMatrix(_ node: Node, _ path: FieldPath) -> Matrix {
        var matrix = Matrix()
        if Self.isNull(node) { return matrix }
        guard let entries = mappingEntries(node, path, what: "matrix") else { return matrix }
        for (key, keyNode, valueNode) in entries {
            let p = path / key
            switch key {
            case "include":
                matrix.include = list(valueNode, p, what: "matrix.include") { $0.settings($1, $2, what: "an include entry") } ?? []
            case "exclude":
                matrix.exclude = list(valueNode, p, what: "matrix.exclude") { $0.settings($1, $2, what: "an exclude entry") } ?? []
            case "repeat":
                if case .mapping = valueNode {
                    guard let r = fields(valueNode, p, LanguageSchema.repeatObject) else { continue }
                    let count = r["count"].flatMap { literalInteger($0, p / "count") }
                    let maximum = r["max"].flatMap { literalInteger($0, p / "max") }
                    let minimum = r["min"].flatMap { literalInteger($0, p / "min") }
                    let after = r["after"].flatMap { string($0, p / "after") }
                    var until: RepeatUntil?
                    if let u = r["until"].flatMap({ fields($0, p / "until", LanguageSchema.repeatUntil) }) {
                        let metric = u["metric"].flatMap { string($0, p / "until" / "metric") }
                        let width = u["ci-halfwidth"].flatMap { quantity($0, p / "until" / "ci-halfwidth") }
                        if let metric, let width { until = RepeatUntil(metric: metric, ciHalfWidth: width) }
                    }
                    if count == nil, maximum == nil, r["count"] == nil, r["max"] == nil {
                        error(
                            "'repeat' needs 'count' (or 'max' with 'until')", hint: "write repeat: {count: 3} or repeat: 3",
                            at: valueNode, path: p)
                    }
                    if until == nil, r["until"] == nil, let key = ["max", "min"].first(where: { r[$0] != nil }) {
                        error(
                            "'\(key)' belongs to a repeat until precise",
                            hint: "add until: {metric: write.iops, ci-halfwidth: 5%}, or write count:",
                            at: r[key] ?? valueNode, path: p / key)
                    }
                    matrix.repeat = Repeat(count: count ?? maximum ?? 1, after: after, minimum: minimum, until: until)
                } else if let count = literalInteger(valueNode, p) {
                    matrix.repeat = Repeat(count: count)
                }
            case "stop":
                matrix.stop = decodeStopRule(valueNode, p)
            case "order":
                matrix.order = enumeration(valueNode, p, Matrix.Order.self) ?? .sequential
            case "seed":
                if let seed = literalInteger(valueNode, p) {
                    if seed < 0 {
                        error("'matrix.seed' must be 0 or more, found \(seed)", at: valueNode, path: p)
                    } else {
                        matrix.seed = UInt64(seed)
                    }
                }
            default:
                guard case .sequence = valueNode else {
                    if let keyword = Suggestion.closest(to: key, among: LanguageSchema.matrixKeywords.sorted()) {
                        error("unknown key '\(key)' in matrix", hint: "did you mean '\(keyword)'?", at: keyNode, path: p)
                    } else {
                        error(
                            "axis '\(key)' must be a list of values, found \(Self.describe(valueNode))",
                            hint: "write \(key): [\(Self.scalarText(valueNode) ?? "…")]", at: valueNode, path: p)
                    }
                    continue
                }
                let values = value(valueNode, p)?.elements ?? []
                matrix.axes.append(Axis(key, values))
            }
        }
        return matrix
    }

    private static func scalarText(_ node: Node) -> String? { node.scalar?.string }

    /// `stop: {axis, metric, gain-below | latency-above, for}`; `latency-above` is a limit for `metric` or
    /// `{metric, value}`.
    mutating func decodeStopRule(_ node: Node, _ path: FieldPath) -> StopRule? {
        guard let f = fields(node, path, LanguageSchema.stopRule) else { return nil }
        let axis = f["axis"].flatMap { string($0, path / "axis") }
        var metric = f["metric"].flatMap { string($0, path / "metric") }
        let consecutive = f["for"].flatMap { literalInteger($0, path / "for") } ?? 1
        let condition: StopRule.Condition
        let threshold: Quantity?
        if let gain = f["gain-below"] {
            condition = .gainBelow
            threshold = quantity(gain, path / "gain-below")
            if metric == nil {
                error("'stop' with 'gain-below' needs the metric it compares", hint: "add 'metric: write.iops'", at: node, path: path)
            }
        } else if let above = f["latency-above"] {
            condition = .latencyAbove
            let p = path / "latency-above"
            if case .mapping = above {
                guard let limit = fields(above, p, LanguageSchema.latencyAbove) else { return nil }
                if let own = limit["metric"].flatMap({ string($0, p / "metric") }) {
                    if let metric, metric != own, let written = f["metric"] {
                        error(
                            "'stop' names metric '\(metric)' and 'latency-above' names '\(own)'",
                            hint: "'latency-above: {metric, value}' names its own metric: remove 'metric: \(metric)'", at: written,
                            path: path / "metric")
                    }
                    metric = own
                }
                threshold = limit["value"].flatMap { quantity($0, p / "value") }
            } else {
                threshold = quantity(above, p)
                if metric == nil {
                    error(
                        "'stop' with 'latency-above' needs the metric it compares",
                        hint: "write latency-above: {metric: write.clat.p99, value: 10ms}", at: node, path: path)
                }
            }
        } else {
            error(
                "'stop' needs 'gain-below' or 'latency-above'",
                hint: "write gain-below: 5% (saturation) or latency-above: {metric: write.clat.p99, value: 10ms}", at: node, path: path)
            return nil
        }
        guard let axis, let metric, let threshold else { return nil }
        return StopRule(axis: axis, metric: metric, condition: condition, threshold: threshold, consecutive: consecutive)
    }

    /// `search: {parameter, range: [LOW, HIGH], maximize, subject-to: CONSTRAINT or [CONSTRAINT…], tolerance}`.
    mutating func decodeSearch(_ node: Node, _ path: FieldPath) -> SearchRule? {
        guard let f = fields(node, path, LanguageSchema.search) else { return nil }
        let parameter = f["parameter"].flatMap { string($0, path / "parameter") }
        var bounds: [Int]?
        if let rangeNode = f["range"] {
            let items = list(rangeNode, path / "range", what: "range") { $0.literalInteger($1, $2) }
            if let items, items.count == 2 {
                bounds = items
            } else if items != nil {
                error(
                    "'search.range' is [LOWER, UPPER], found \(items?.count ?? 0) values", hint: "write range: [500, 100000]",
                    at: rangeNode, path: path / "range")
            }
        }
        let maximize = f["maximize"].flatMap { string($0, path / "maximize") }
        var constraints: [SearchConstraint] = []
        if let subject = f["subject-to"] {
            let p = path / "subject-to"
            let texts: [(Node, FieldPath)]
            if case .sequence(let items) = subject {
                texts = items.enumerated().map { ($1, p / $0) }
            } else {
                texts = [(subject, p)]
            }
            for (item, itemPath) in texts {
                guard let text = string(item, itemPath) else { continue }
                if let constraint = SearchConstraint(parsing: text) {
                    constraints.append(constraint)
                } else {
                    error(
                        "expected a constraint METRIC <= LIMIT for '\(itemPath)', found '\(ControlCharacters.visible(text))'",
                        hint: "write e.g. \"write.clat.p99 <= 2ms\" (comparisons: <=, <, >=, >)", at: item, path: itemPath)
                }
            }
        }
        let tolerance = f["tolerance"].flatMap { quantity($0, path / "tolerance") } ?? Quantity(kind: .percent, value: 5)
        guard let parameter, let bounds, f["subject-to"] != nil else { return nil }
        return SearchRule(
            parameter: parameter, lower: bounds[0], upper: bounds[1], maximize: maximize, constraints: constraints,
            tolerance: tolerance)
    }

    /// `steady-state: {metric, window, range, slope, max-rounds}`.
    mutating func decodeSteadyState(_ node: Node, _ path: FieldPath) -> SteadyStateRule? {
        guard let f = fields(node, path, LanguageSchema.steadyState) else { return nil }
        let metric = f["metric"].flatMap { string($0, path / "metric") }
        let window = f["window"].flatMap { literalInteger($0, path / "window") } ?? 5
        let range = f["range"].flatMap { quantity($0, path / "range") }
        let slope = f["slope"].flatMap { quantity($0, path / "slope") }
        let rounds = f["max-rounds"].flatMap { literalInteger($0, path / "max-rounds") }
        guard let metric, let range, let slope, let rounds else { return nil }
        return SteadyStateRule(metric: metric, window: window, range: range, slope: slope, maxRounds: rounds)
    }

    /// A threshold with its unit (`5%`, `2ms`) or a plain non-negative number.
    mutating func quantity(_ node: Node, _ path: FieldPath) -> Quantity? {
        if case .scalar(let scalar) = node, let quantity = Quantity(parsing: scalar.string) { return quantity }
        error(
            "expected a quantity for '\(path)' (a number with a unit), found \(Self.describe(node))",
            hint: "write e.g. 5%, 2ms or 500us; units: \(Quantity.unitList)", at: node, path: path)
        return nil
    }

    // MARK: conditions

    /// A `when:` condition: `true`, `false`, or text holding a `${…}` expression (evaluated per cell, it must give
    /// a boolean); other text is an error.
    mutating func condition(_ node: Node, _ path: FieldPath) -> Value? {
        guard let value = scalar(node, path, what: "a condition") else { return nil }
        if case .bool = value { return value }
        if case .string(let text) = value, text.contains("${") { return value }
        error(
            "'when' needs true, false or a ${…} condition, found \(Self.describe(node))",
            hint: "write when: ${fs == 'zfs'} (quote it in a flow mapping)", at: node, path: path)
        return nil
    }

    // MARK: pool

    mutating func decodePool(_ node: Node, _ path: FieldPath) -> Pool? {
        guard let f = fields(node, path, LanguageSchema.pool) else { return nil }
        let name = f["name"].flatMap { string($0, path / "name") }
        let vdevs = f["vdevs"].flatMap { decodeVdevs($0, path / "vdevs") }
        let log = f["log"].flatMap { decodeVdevs($0, path / "log") } ?? []
        let cache = f["cache"].flatMap { decodeVdevs($0, path / "cache") } ?? []
        let special = f["special"].flatMap { decodeVdevs($0, path / "special") } ?? []
        let force = f["force"].flatMap { bool($0, path / "force") } ?? false
        let properties = f["properties"].flatMap { settings($0, path / "properties", what: "pool properties") } ?? Settings()
        let filesystemProperties =
            f["filesystem-properties"].flatMap {
                settings($0, path / "filesystem-properties", what: "filesystem properties")
            } ?? Settings()
        let recreate = f["recreate"].flatMap { enumeration($0, path / "recreate", Pool.Recreate.self) } ?? .perCell
        let when = f["when"].flatMap { condition($0, path / "when") }
        let host = f["host"].flatMap { string($0, path / "host") }
        guard let name, let vdevs else { return nil }
        return Pool(
            name: name, vdevs: vdevs, log: log, cache: cache, special: special, force: force,
            properties: properties, filesystemProperties: filesystemProperties, recreate: recreate, when: when, host: host)
    }

    /// `${disks[:n]}` or `[sdb, sdc]` (one stripe), or a list of `{mirror: …}` / `{raidz: …}` groups.
    mutating func decodeVdevs(_ node: Node, _ path: FieldPath) -> [Vdev]? {
        switch node {
        case .scalar:
            return scalar(node, path, what: "devices").map { [Vdev(.stripe, $0)] }
        case .sequence(let sequence):
            let groups = sequence.filter { if case .mapping = $0 { true } else { false } }
            if groups.isEmpty {
                return value(node, path).map { [Vdev(.stripe, $0)] }
            }
            guard groups.count == sequence.count else {
                let first = sequence.first { if case .mapping = $0 { false } else { true } } ?? node
                error(
                    "a vdev list mixes device names and groups", hint: "write plain devices as a group too: {stripe: [sdb]}",
                    at: first, path: path)
                return nil
            }
            var vdevs: [Vdev] = []
            for (index, group) in sequence.enumerated() {
                let p = path / index
                guard let entries = fields(group, p, LanguageSchema.vdevGroup), let (key, devicesNode) = entries.first,
                    let layout = Vdev.Layout(rawValue: key), let devices = value(devicesNode, p / key)
                else { continue }
                vdevs.append(Vdev(layout, devices))
            }
            if vdevs.count == 1, vdevs[0].layout == .stripe { alias(path, to: path / 0 / "stripe") }
            return vdevs
        case .mapping, .alias:
            error(
                "expected devices for '\(path)' (an expression, a list of devices, or a list of groups), found \(Self.describe(node))",
                hint: "write [{mirror: [sdb, sdc]}] for a group", at: node, path: path)
            return nil
        }
    }

    // MARK: filesystem

    mutating func decodeFilesystem(_ node: Node, _ path: FieldPath) -> Filesystem? {
        guard let f = fields(node, path, LanguageSchema.filesystem) else { return nil }
        let type = f["type"].flatMap { scalar($0, path / "type", what: "a file system type") }
        let devices = f["devices"].flatMap { value($0, path / "devices") }
        let mkfs = f["mkfs-options"].flatMap { argv($0, path / "mkfs-options") } ?? []
        let mount = f["mount-options"].flatMap { argv($0, path / "mount-options") } ?? []
        let mountpoint = f["mountpoint"].flatMap { string($0, path / "mountpoint").map(Value.string) }
        let recreate = f["recreate"].flatMap { enumeration($0, path / "recreate", Pool.Recreate.self) } ?? .perCell
        let when = f["when"].flatMap { condition($0, path / "when") }
        let host = f["host"].flatMap { string($0, path / "host") }
        guard let type, let devices else { return nil }
        return Filesystem(
            type: type, devices: devices, mkfsOptions: mkfs, mountOptions: mount, mountpoint: mountpoint, recreate: recreate,
            when: when, host: host)
    }

    // MARK: datasets

    mutating func decodeDataset(_ node: Node, _ path: FieldPath) -> Dataset? {
        guard let f = fields(node, path, LanguageSchema.dataset) else { return nil }
        let name = f["name"].flatMap { string($0, path / "name") }
        let properties = f["properties"].flatMap { settings($0, path / "properties", what: "dataset properties") } ?? Settings()
        let when = f["when"].flatMap { condition($0, path / "when") }
        return name.map { Dataset($0, properties: properties, when: when) }
    }

    // MARK: workload

    mutating func decodeWorkload(_ node: Node, _ path: FieldPath) -> Workload? {
        guard let f = fields(node, path, LanguageSchema.workload) else { return nil }
        if let fioNode = f["fio"] {
            return decodeFio(fioNode, path / "fio").map(Workload.fio)
        }
        if let commandNode = f["command"] {
            let p = path / "command"
            if case .mapping = commandNode {
                guard let c = fields(commandNode, p, LanguageSchema.commandWorkloadObject) else { return nil }
                let arguments = c["argv"].flatMap { argv($0, p / "argv") }
                let runtime = c["runtime"].flatMap { integerValue($0, p / "runtime") }
                if runtime == nil { alias(p, to: p / "argv") }
                return arguments.map { Workload.command(CommandWorkload(argv: $0, runtime: runtime)) }
            }
            return argv(commandNode, p).map { Workload.command(CommandWorkload(argv: $0)) }
        }
        return nil
    }

    mutating func decodeFio(_ node: Node, _ path: FieldPath) -> Fio? {
        guard let f = fields(node, path, LanguageSchema.fio), case .mapping(let mapping) = node else { return nil }
        var fio = Fio()
        var ok = true
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string, f[key] != nil else { continue }
            let p = path / key
            switch key {
            case "job-file": fio.jobFile = string(valueNode, p)
            case "job": fio.job = string(valueNode, p)
            case "directory": fio.directory = string(valueNode, p).map(Value.string)
            case "devices": fio.devices = value(valueNode, p)
            case "numjobs": fio.numjobs = integerValue(valueNode, p)
            case "size": fio.size = scalar(valueNode, p, what: "a size")
            case "runtime": fio.runtime = integerValue(valueNode, p)
            case "output-format":
                if let format = string(valueNode, p) { fio.outputFormat = format }
            case "clients": fio.clients = hostNames(valueNode, p)
            case "servers":
                if let servers = enumeration(valueNode, p, FioServers.self) { fio.servers = servers }
            default:
                if let known = Suggestion.closest(to: key, among: LanguageSchema.fio.keys) {
                    error(
                        "unknown key '\(key)' in fio", hint: "did you mean '\(known)'? (other keys are passed to fio as --\(key)=…)",
                        at: keyNode, path: p)
                    ok = false
                } else if let v = value(valueNode, p) {
                    fio.options[key] = v
                } else {
                    ok = false
                }
            }
        }
        if fio.jobFile == nil && fio.job == nil && f["job-file"] == nil && f["job"] == nil {
            error(
                "the fio workload needs 'job-file' or 'job'", hint: "add 'job-file: workload.fio' (relative to this file)",
                at: node, path: path)
            ok = false
        }
        return ok ? fio : nil
    }

    // MARK: collectors

    mutating func decodeCollector(_ node: Node, _ path: FieldPath) -> Collector? {
        if case .scalar = node {
            guard let kind = enumeration(node, path, Collector.Kind.self) else { return nil }
            if kind == .command {
                error("a command collector needs its argv", hint: "write - command: {argv: [...]}", at: node, path: path)
                return nil
            }
            return Collector(kind)
        }
        guard let f = fields(node, path, LanguageSchema.collector), let (key, body) = f.first,
            let kind = Collector.Kind(rawValue: key)
        else { return nil }
        let p = path / key
        var collector = Collector(kind)
        if Self.isNull(body) {
            if kind == .command {
                error("a command collector needs its argv", hint: "write - command: {argv: [...]}", at: body, path: p)
                return nil
            }
            return collector
        }
        guard let c = fields(body, p, LanguageSchema.collectorObject(kind)) else { return nil }
        if let n = c["devices"] { collector.devices = value(n, p / "devices") }
        if let n = c["interval"], let v = integerValue(n, p / "interval") { collector.interval = v }
        if let n = c["format"], let v = enumeration(n, p / "format", Collector.Format.self) { collector.format = v }
        if let n = c["argv"] { collector.argv = argv(n, p / "argv") ?? [] }
        if let n = c["name"] { collector.name = string(n, p / "name") }
        if let n = c["required"], let v = bool(n, p / "required") { collector.required = v }
        if let n = c["when"] { collector.when = condition(n, p / "when") }
        if let n = c["host"] {
            collector.hosts = hostNames(n, p / "host")
            alias(p / "hosts", to: p / "host")
        }
        if let n = c["hosts"] {
            if c["host"] != nil {
                error("a collector has 'host' or 'hosts', not both", hint: "list every host under hosts", at: n, path: p / "hosts")
            } else {
                collector.hosts = hostNames(n, p / "hosts")
            }
        }
        return collector
    }

    // MARK: hooks

    mutating func decodeHooks(_ node: Node, _ path: FieldPath) -> Hooks {
        var hooks = Hooks()
        if Self.isNull(node) { return hooks }
        guard let f = fields(node, path, LanguageSchema.hooks) else { return hooks }
        hooks.beforeRun = f["before-run"].map { decodeCommands($0, path / "before-run") } ?? []
        hooks.beforeCell = f["before-cell"].map { decodeCommands($0, path / "before-cell") } ?? []
        hooks.afterCell = f["after-cell"].map { decodeCommands($0, path / "after-cell") } ?? []
        hooks.afterRun = f["after-run"].map { decodeCommands($0, path / "after-run") } ?? []
        hooks.host = f["host"].flatMap { string($0, path / "host") }
        return hooks
    }

    /// A list of argv lists, or one argv list.
    mutating func decodeCommands(_ node: Node, _ path: FieldPath) -> [[Value]] {
        if case .sequence(let sequence) = node, !sequence.isEmpty,
            !sequence.contains(where: { if case .sequence = $0 { true } else { false } })
        {
            alias(path / 0, to: path)
            return argv(node, path).map { [$0] } ?? []
        }
        guard case .sequence = node else { return argv(node, path).map { [$0] } ?? [] }
        return list(node, path, what: "'\(path)'") { $0.argv($1, $2) } ?? []
    }
}
