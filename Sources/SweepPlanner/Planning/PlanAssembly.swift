import Foundation
import SweepModel

/// One planning pass: expansion, resolution, grouping, fingerprints. Problems go to the builder's sink.
struct PlanAssembly {
    let experiment: Experiment
    let baseDirectory: String
    var builder: StepBuilder
    private var sink: DiagnosticSink {
        get { builder.resolver.sink }
        set { builder.resolver.sink = newValue }
    }

    init(experiment: Experiment, baseDirectory: String) {
        self.experiment = experiment
        self.baseDirectory = baseDirectory
        builder = StepBuilder(experiment)
    }

    /// A cell before grouping.
    private struct Planned {
        var id: String
        var values: Settings
        var resultPath: String
        var groupKey: String
        var pool: PoolSteps
        var before: [Step]
        var body: [Step]
        var after: [Step]
        var seconds: Double?
    }

    mutating func run(only: [(axis: String, value: String)]) -> Plan? {
        for name in experiment.matrix.axes.map(\.name) where ["disks", "experiment"].contains(name) {
            sink.error("'\(name)' is a reserved name and cannot be an axis", at: FieldPath("matrix") / name, hint: "rename the axis")
        }
        let scratch = scratchDisks()
        let files = frozenFiles()

        var expansion = MatrixExpansion(experiment.matrix)
        var points = expansion.expand()
        sink.append(contentsOf: expansion.diagnostics)
        points = restrict(points, to: only)
        guard !sink.hasErrors else { return nil }

        // Which cell values the pool and datasets read: cells sharing them can share a pool.
        var poolNames = Set<String>()
        if let pool = experiment.pool {
            let path = FieldPath("pool")
            poolNames.formUnion(builder.resolver.referencedNames(.string(pool.name), at: path / "name"))
            for (key, vdevs) in [("vdevs", pool.vdevs), ("log", pool.log), ("cache", pool.cache), ("special", pool.special)] {
                for (i, vdev) in vdevs.enumerated() { poolNames.formUnion(builder.resolver.referencedNames(vdev.devices, at: path / key / i)) }
            }
            for e in pool.properties { poolNames.formUnion(builder.resolver.referencedNames(e.value, at: path / "properties" / e.name)) }
            for e in pool.filesystemProperties {
                poolNames.formUnion(builder.resolver.referencedNames(e.value, at: path / "filesystem-properties" / e.name))
            }
        }
        for (i, dataset) in experiment.datasets.enumerated() {
            let path = FieldPath("datasets") / i
            poolNames.formUnion(builder.resolver.referencedNames(.string(dataset.name), at: path / "name"))
            for e in dataset.properties { poolNames.formUnion(builder.resolver.referencedNames(e.value, at: path / "properties" / e.name)) }
        }

        var base: [String: Value] = [
            "disks": .list(experiment.disks.names.map { .string($0) }),
            "experiment": .string(experiment.name),
        ]
        base.reserveCapacity(base.count + (points.first?.values.entries.count ?? 0))
        let recreate = experiment.pool?.recreate ?? .perCell
        let perCell = recreate == .perCell
        var poolCache: [String: PoolSteps] = [:]
        var planned: [Planned] = []
        planned.reserveCapacity(points.count)
        var resultPaths: [String: String] = [:]
        resultPaths.reserveCapacity(points.count)
        var destroyed = Set<String>()

        for point in points {
            var env = base
            for entry in point.values { env[entry.name] = entry.value }
            builder.resolver.cellID = point.id
            let groupKey = CellIdentifier.make(point.values.entries.lazy.filter { poolNames.contains($0.name) }.map { ($0.name, $0.value) })
            let pool: PoolSteps
            if let cached = poolCache[groupKey] {
                pool = cached
            } else {
                guard let made = builder.poolSteps(env) else { continue }
                poolCache[groupKey] = made
                destroyed.formUnion(made.devices)
                pool = made
            }
            let before = builder.hooks(experiment.hooks.beforeCell, key: "before-cell", env)
            let after = builder.hooks(experiment.hooks.afterCell, key: "after-cell", env)
            // Evaluated one by one so that every problem is reported, not just the first.
            let collectors = builder.collectors(env, poolDevices: pool.devices, poolName: pool.poolName)
            let workload = builder.workload(env)
            guard let resultPath = self.resultPath(point, env), let collectors, let workload else { continue }
            if let other = resultPaths.updateValue(point.id, forKey: resultPath) {
                sink.error("cells \(other) and \(point.id) have the same result path '\(resultPath)'", at: FieldPath("results"),
                    hint: "use every axis in results, e.g. results: ${ndisks}-disks/${numjobs}-jobs", key: "duplicate")
            }
            let body = collectors + [workload.step] + pool.records + [Step(.publish, argv: [])]
            planned.append(Planned(
                id: point.id, values: point.values, resultPath: resultPath, groupKey: perCell ? point.id : groupKey,
                pool: pool, before: before, body: body, after: after, seconds: workload.seconds))
        }
        checkNesting(resultPaths.keys)
        if recreate == .once, poolCache.count > 1 {
            let names = poolNames.sorted().joined(separator: ", ")
            sink.error("recreate: once builds one pool, but the pool depends on \(names), which differ between cells",
                at: FieldPath("pool") / "recreate", hint: "use recreate: per-group to rebuild the pool when \(names) change")
        }
        guard !sink.hasErrors else { return nil }

        // Groups.
        var fingerprinter = Fingerprinter(files: files)
        var groups: [CellGroup] = []
        var start = 0
        while start < planned.count {
            var end = start + 1
            if !perCell {
                while end < planned.count, recreate == .once || planned[end].groupKey == planned[start].groupKey { end += 1 }
            }
            let first = planned[start]
            let setup = perCell ? first.before + first.pool.setup : first.pool.setup
            let teardown = perCell ? first.pool.teardown + first.after : first.pool.teardown
            var cells: [Cell] = []
            cells.reserveCapacity(end - start)
            for p in planned[start..<end] {
                let steps = perCell ? p.body : p.before + p.body + p.after
                let fingerprint = fingerprinter.cell(id: p.id, setup: setup, steps: steps, teardown: teardown)
                cells.append(Cell(id: p.id, values: p.values, resultPath: p.resultPath, fingerprint: fingerprint,
                                  estimatedSeconds: p.seconds, steps: steps))
            }
            groups.append(CellGroup(key: recreate == .once ? "once" : first.groupKey, setup: setup, teardown: teardown, cells: cells))
            start = end
        }

        let runSetup = builder.hooks(experiment.hooks.beforeRun, key: "before-run", base)
        let runTeardown = builder.hooks(experiment.hooks.afterRun, key: "after-run", base)
        guard !sink.hasErrors else { return nil }
        let fingerprint = fingerprinter.plan(
            setup: runSetup, teardown: runTeardown, cellFingerprints: groups.flatMap { $0.cells.map(\.fingerprint) })
        let destroys = experiment.disks.names.filter(destroyed.contains).map {
            builder.scratchNames.contains($0) ? Placeholder.scratch($0) : $0
        }
        return Plan(
            experiment: experiment.name, fingerprint: fingerprint, scratch: scratch, destroys: destroys, files: files,
            setup: runSetup, teardown: runTeardown, groups: groups)
    }

    // MARK: - Parts

    private mutating func resultPath(_ point: MatrixPoint, _ env: [String: Value]) -> String? {
        guard let template = experiment.results else { return point.id }
        guard let path = builder.resolver.text(.string(template), at: FieldPath("results"), in: env) else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.isEmpty || path.hasPrefix("/") || parts.contains("..") || parts.contains("") || parts.first == ".partial" {
            sink.error("result path '\(path)' (cell \(point.id)) must be a relative path inside the results directory",
                at: FieldPath("results"), hint: "no leading '/', no '..', no empty parts", key: "bad path")
            return nil
        }
        return path
    }

    /// A result path inside another cell's result path would be moved along with it.
    private mutating func checkNesting(_ paths: some Sequence<String>) {
        let sorted = paths.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.hasPrefix(a + "/") {
            sink.error("result path '\(b)' lies inside the result path '\(a)' of another cell", at: FieldPath("results"),
                hint: "give every cell its own directory", key: "nested")
        }
    }

    private mutating func restrict(_ points: [MatrixPoint], to only: [(axis: String, value: String)]) -> [MatrixPoint] {
        guard !only.isEmpty else { return points }
        var wanted: [(axis: String, values: [String])] = []
        for (axis, value) in only {
            if let i = wanted.firstIndex(where: { $0.axis == axis }) { wanted[i].values.append(value) } else { wanted.append((axis, [value])) }
        }
        let known = Set(points.flatMap(\.values.names))
        for (axis, _) in wanted where !known.contains(axis) {
            sink.error("--only \(axis)=…: no axis is named '\(axis)'", at: FieldPath("matrix"),
                hint: Suggestion.closest(to: axis, among: known).map { "did you mean '\($0)'?" } ?? "axes: \(known.sorted().joined(separator: ", "))")
        }
        let kept = points.filter { point in
            wanted.allSatisfy { w in point.values[w.axis].map { v in w.values.contains { v.matches(.string($0)) } } ?? false }
        }
        if kept.isEmpty, !sink.hasErrors {
            let text = only.map { "\($0.axis)=\($0.value)" }.joined(separator: " ")
            sink.error("--only \(text) matches no cell", at: FieldPath("matrix"), hint: "check the values against the matrix axes")
        }
        return kept
    }

    private mutating func scratchDisks() -> [ScratchDisk] {
        guard case .scratch(let scratch) = experiment.disks else { return [] }
        let path = FieldPath("disks") / "scratch"
        if scratch.count < 1 { sink.error("scratch.count must be at least 1", at: path / "count") }
        guard let bytes = Self.byteCount(scratch.size) else {
            sink.error("scratch.size '\(scratch.size)' is not a size", at: path / "size", hint: "write bytes or a size such as 512M, 1G")
            return []
        }
        if bytes < 64 << 20 {
            sink.error("scratch.size '\(scratch.size)' is below 64M, the smallest vdev ZFS accepts", at: path / "size")
        }
        let dir = scratch.dir ?? ".scratch"
        return scratch.names.map { ScratchDisk(name: $0, file: "\(dir)/\($0).img", bytes: bytes) }
    }

    /// `1G`, `512M`, `64k`, `1T`, `1048576` (binary multiples).
    static func byteCount(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int64] = ["k": 1 << 10, "K": 1 << 10, "m": 1 << 20, "M": 1 << 20, "g": 1 << 30, "G": 1 << 30, "t": 1 << 40, "T": 1 << 40]
        var digits = Substring(t)
        var multiplier: Int64 = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard let n = Int64(digits), n > 0 else { return nil }
        let (r, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : r
    }

    /// The fio job file (read relative to the base directory) or the inline job, frozen for `@{files}/NAME`.
    private mutating func frozenFiles() -> [PlanFile] {
        guard case .fio(let fio) = experiment.workload else { return [] }
        let path = FieldPath("workload") / "fio"
        if let jobFile = fio.jobFile {
            let full = jobFile.hasPrefix("/") ? jobFile : (baseDirectory as NSString).appendingPathComponent(jobFile)
            guard let data = FileManager.default.contents(atPath: full) else {
                sink.error("cannot read the fio job file '\(full)'", at: path / "job-file", hint: "the path is relative to the experiment file")
                return []
            }
            guard let content = String(data: data, encoding: .utf8) else {
                sink.error("the fio job file '\(full)' is not UTF-8 text", at: path / "job-file")
                return []
            }
            let name = StepBuilder.fileSafe(jobFile)
            builder.jobFileArgument = "\(Placeholder.files)/\(name)"
            return [PlanFile(name: name, content: content)]
        }
        if let job = fio.job {
            builder.jobFileArgument = "\(Placeholder.files)/workload.fio"
            return [PlanFile(name: "workload.fio", content: job)]
        }
        return []
    }
}
