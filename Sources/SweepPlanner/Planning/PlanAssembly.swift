import Foundation
import SweepModel

/// One planning pass: expansion, the cells (their steps, result paths, fingerprints and groups, planned by
/// ``CellAssembly`` in runs of consecutive cells, concurrently when there are many), the checks across cells,
/// the run's own steps and fingerprint. Problems go to the builder's sink, in the order one pass over the
/// cells would find them.
struct PlanAssembly {
    let experiment: Experiment
    let baseDirectory: String
    let maxCells: Int
    var builder: StepBuilder
    /// Into how many runs the cells are split at most (one per processor by default), and the fewest cells a
    /// run has: fewer cells are planned in one run.
    var runs = ProcessInfo.processInfo.activeProcessorCount
    var cellsPerRun = 20_000
    private var sink: DiagnosticSink {
        get { builder.resolver.sink }
        set { builder.resolver.sink = newValue }
    }

    init(experiment: Experiment, baseDirectory: String, maxCells: Int) {
        self.experiment = experiment
        self.baseDirectory = baseDirectory
        self.maxCells = maxCells
        builder = StepBuilder(experiment)
    }

    /// What the passes over the cells made: the cells in order, the checks done.
    private struct Cells {
        var points: MatrixPoints
        var runs: [CellAssembly]
        var scratch: [ScratchDisk]
        var files: [PlanFile]
        var setup: [Step]
        var teardown: [Step]
    }

    /// The plan of every cell (or those `only` keeps), or `nil` when there are problems.
    mutating func run(only: [(axis: String, value: String)]) -> Plan? {
        guard var cells = assemble(only: only, output: .plan) else { return nil }
        var groups: CellTable.Groups?
        if cells.runs.first?.perCell == false {
            groups = CellTable.Groups()
            for run in cells.runs { groups?.append(run.groups) }
        }
        let destroys = destroys(cells.runs)
        let table = CellTable(points: cells.points, runs: cells.runs.indices.map { cells.runs[$0].takeCells() }, groups: groups)
        Concurrently.release(&cells.runs)
        var fingerprinter = Fingerprinter(files: cells.files, hosts: experiment.hosts, rules: AdaptiveRules(experiment))
        let fingerprint = fingerprinter.plan(setup: cells.setup, teardown: cells.teardown, fingerprints: table.runs.map(\.fingerprints))
        let plan = Plan(
            experiment: experiment.name, fingerprint: fingerprint, scratch: cells.scratch, destroys: destroys,
            wipe: experiment.wipe, files: cells.files, hosts: experiment.hosts,
            storageHost: experiment.storageHost, fioClients: fioClients(table), rules: AdaptiveRules(experiment),
            setup: cells.setup, teardown: cells.teardown, groups: [])
        return Plan(plan, cells: table)
    }

    /// The hosts any cell's fio workload is a client of (its `--client=` endpoints), in the order of `hosts`.
    private func fioClients(_ table: CellTable) -> FioClients? {
        guard case .fio(let fio) = experiment.workload, fio.clients != nil else { return nil }
        var endpoints = Set<String>()
        // Every step list is some cell's (a cell left out is an error).
        for run in table.runs {
            for list in run.shared {
                for step in list.steps where step.kind == .workload {
                    for word in step.argv where word.hasPrefix("--client=") { endpoints.insert(String(word.dropFirst("--client=".count))) }
                }
            }
        }
        let hosts = experiment.hosts.filter { endpoints.contains(FioClients.endpoint(address: $0.fioAddress, port: $0.port)) }
        return FioClients(hosts: hosts.map(\.name), servers: fio.servers)
    }

    /// Finds every problem ``run(only:)`` finds, in the same order, without making cells or fingerprints.
    mutating func check() {
        if var cells = assemble(only: [], output: .checks) { Concurrently.release(&cells.runs) }
    }

    /// The passes up to the plan itself: the experiment's own checks, expansion, the cells, the checks across
    /// cells and the run's hooks; `nil` when a problem was found.
    private mutating func assemble(only: [(axis: String, value: String)], output: CellAssembly.Output) -> Cells? {
        for name in experiment.matrix.axes.map(\.name) where ExperimentValidator.reservedNames.contains(name) {
            sink.error("'\(name)' is a reserved name and cannot be an axis", at: FieldPath("matrix") / name, hint: "rename the axis")
        }
        let scratch = scratchDisks()
        let files = frozenFiles()
        guard let points = expandedPoints(only: only) else { return nil }

        // Which cell values the pool and the steps read: cells equal in those share their steps.
        let poolNames = poolReadNames()
        let stepReads = stepReadNames()
        let template = CellAssembly(
            experiment: experiment, builder: builder, output: output, files: files, poolNames: poolNames, stepReads: stepReads)
        let runs = planCells(points, with: template)
        let paths = StringIndex(runs.map(\.paths), parts: runs.count)
        merge(runs, from: template.builder.resolver.sink.diagnostics.count, points: points, repeated: paths.firstRepeat)
        checkNesting(paths, runs)
        checkOnce(runs, poolNames: poolNames)
        guard !sink.hasErrors else { return nil }

        let runSetup = builder.hooks(experiment.hooks.beforeRun, key: "before-run", template.base)
        let runTeardown = builder.hooks(experiment.hooks.afterRun, key: "after-run", template.base)
        guard !sink.hasErrors else { return nil }
        return Cells(points: points, runs: runs, scratch: scratch, files: files, setup: runSetup, teardown: runTeardown)
    }

    // MARK: - Expansion

    /// The matrix's points in run order, those `only` keeps; `nil` when the matrix has problems.
    private mutating func expandedPoints(only: [(axis: String, value: String)]) -> MatrixPoints? {
        var expansion = MatrixExpansion(experiment.matrix, maxCells: maxCells)
        var points = expansion.points()
        sink.append(contentsOf: expansion.diagnostics)
        if !only.isEmpty || !points.isProduct {
            var list = points.all
            // A study without a matrix has one cell without values, whose id would be empty: name it.
            for i in list.indices where list[i].id.isEmpty { list[i].id = ResultPath.single }
            points = MatrixPoints(restrict(list, to: only))
        }
        guard !sink.hasErrors else { return nil }
        return points
    }

    // MARK: - Cells

    /// `points` planned in up to ``runs`` runs of consecutive cells, each by its own copy of `template`,
    /// concurrently.
    private func planCells(_ points: MatrixPoints, with template: CellAssembly) -> [CellAssembly] {
        let count = max(1, min(runs, points.count / max(cellsPerRun, 1)))
        return Concurrently.map(count) { run in
            let cells = points.count * run / count..<points.count * (run + 1) / count
            var planned = template
            planned.run(points.points(cells), cells: cells)
            return planned
        }
    }

    /// Takes in the problems each run found after the first `prologue` (which every run started with), in
    /// cell order, with the first cell whose result path an earlier cell has, `repeated`, where one pass finds it.
    private mutating func merge(_ runs: [CellAssembly], from prologue: Int, points: MatrixPoints, repeated: StringIndex.Repeat?) {
        for run in runs {
            let found = run.builder.resolver.sink
            var start = prologue
            if let repeated, run.cells.contains(repeated.cell) {
                let end = found.end(through: repeated.cell, from: start)
                sink.merge(found, from: start..<end)
                // Only the first duplicate is reported (the sink keeps one per field).
                let path = run.paths.strings[repeated.cell - run.cells.lowerBound]
                sink.error(
                    "cells \(points[repeated.earlier].id) and \(points[repeated.cell].id) have the same result path '\(path)'",
                    at: FieldPath("results"), hint: "use every axis in results, e.g. results: ${ndisks}-disks/${numjobs}-jobs",
                    key: "duplicate")
                start = end
            }
            sink.merge(found, from: start..<found.diagnostics.count)
            builder.resolver.learn(from: run.builder.resolver)
        }
    }

    /// A result path inside another cell's result path would be moved along with it: reports the first cell,
    /// in cell order, whose path lies inside another's (the innermost), looking up every '/'-prefix of every
    /// path. A path can only lie inside one with fewer '/': when all have as many, none nests (the usual case).
    private mutating func checkNesting(_ paths: StringIndex, _ runs: [CellAssembly]) {
        let depths = runs.compactMap(\.depths)
        guard let shallowest = depths.map(\.lowerBound).min(), depths.contains(where: { $0.upperBound != shallowest }) else {
            return
        }
        for run in runs {
            for path in run.paths.strings where CellAssembly.depth(path) > shallowest {
                var prefix = Substring(path)
                while let slash = prefix.lastIndex(of: "/") {
                    prefix = prefix[..<slash]
                    if paths.contains(prefix) {
                        sink.error(
                            "result path '\(path)' lies inside the result path '\(prefix)' of another cell", at: FieldPath("results"),
                            hint: "give every cell its own directory", key: "nested")
                        return
                    }
                }
            }
        }
    }

    /// `recreate: once` with a pool that differs between cells.
    private mutating func checkOnce(_ runs: [CellAssembly], poolNames: Set<String>) {
        guard experiment.pool?.recreate == .once else { return }
        var pools = Set<String>()
        for run in runs { pools.formUnion(run.poolCache.values.lazy.map(\.key)) }
        guard pools.count > 1 else { return }
        let names = poolNames.sorted().joined(separator: ", ")
        sink.error(
            "recreate: once builds one pool, but the pool depends on \(names), which differ between cells",
            at: FieldPath("pool") / "recreate", hint: "use recreate: per-group to rebuild the pool when \(names) change")
    }

    // MARK: - The plan

    /// The devices the plan destroys: those of every pool, in the order of `disks`.
    private func destroys(_ runs: [CellAssembly]) -> [String] {
        // Every step list is some cell's (a cell left out is an error).
        let destroyed = runs.reduce(into: Set<String>()) { $0.formUnion($1.destroyed) }
        return experiment.disks.names.filter(destroyed.contains).map {
            builder.scratchNames.contains($0) ? Placeholder.scratch($0) : $0
        }
    }

    /// Cell values the pool and datasets read: cells sharing them can share a pool.
    private mutating func poolReadNames() -> Set<String> {
        var names = Set<String>()
        let r = { (resolver: inout Resolver, value: Value, path: FieldPath) in names.formUnion(resolver.referencedNames(value, at: path)) }
        if let pool = experiment.pool {
            let path = FieldPath("pool")
            r(&builder.resolver, .string(pool.name), path / "name")
            for (key, vdevs) in [("vdevs", pool.vdevs), ("log", pool.log), ("cache", pool.cache), ("special", pool.special)] {
                for (i, vdev) in vdevs.enumerated() { r(&builder.resolver, vdev.devices, path / key / i) }
            }
            for e in pool.properties { r(&builder.resolver, e.value, path / "properties" / e.name) }
            for e in pool.filesystemProperties { r(&builder.resolver, e.value, path / "filesystem-properties" / e.name) }
            if let when = pool.when { r(&builder.resolver, when, path / "when") }
        }
        for (i, dataset) in experiment.datasets.enumerated() {
            let path = FieldPath("datasets") / i
            r(&builder.resolver, .string(dataset.name), path / "name")
            for e in dataset.properties { r(&builder.resolver, e.value, path / "properties" / e.name) }
            if let when = dataset.when { r(&builder.resolver, when, path / "when") }
        }
        if let filesystem = experiment.filesystem {
            let path = FieldPath("filesystem")
            r(&builder.resolver, filesystem.type, path / "type")
            r(&builder.resolver, filesystem.devices, path / "devices")
            r(&builder.resolver, .list(filesystem.mkfsOptions), path / "mkfs-options")
            r(&builder.resolver, .list(filesystem.mountOptions), path / "mount-options")
            if let when = filesystem.when { r(&builder.resolver, when, path / "when") }
        }
        return names
    }

    /// Cell values the workload, the collectors and the per-cell hooks read.
    private mutating func stepReadNames() -> (workload: Set<String>, collectors: Set<String>, hooks: Set<String>) {
        var names = Set<String>()
        let r = { (resolver: inout Resolver, value: Value, path: FieldPath) in names.formUnion(resolver.referencedNames(value, at: path)) }
        switch experiment.workload {
        case .fio(let fio):
            let path = FieldPath("workload") / "fio"
            for (key, value) in [
                ("directory", fio.directory), ("devices", fio.devices), ("numjobs", fio.numjobs), ("size", fio.size),
                ("runtime", fio.runtime), ("clients", fio.clients),
            ] {
                if let value { r(&builder.resolver, value, path / key) }
            }
            for e in fio.options { r(&builder.resolver, e.value, path / e.name) }
        case .command(let command):
            r(&builder.resolver, .list(command.argv), FieldPath("workload") / "command" / "argv")
            if let runtime = command.runtime { r(&builder.resolver, runtime, FieldPath("workload") / "command" / "runtime") }
        }
        let workload = names
        names = []
        for (i, c) in experiment.collectors.enumerated() {
            let path = FieldPath("collectors") / i / c.kind.rawValue
            if let devices = c.devices { r(&builder.resolver, devices, path / "devices") }
            r(&builder.resolver, c.interval, path / "interval")
            r(&builder.resolver, .list(c.argv), path / "argv")
            if let when = c.when { r(&builder.resolver, when, path / "when") }
            if let hosts = c.hosts { r(&builder.resolver, hosts, path / "hosts") }
        }
        let collectors = names
        names = []
        for (key, hooks) in [("before-cell", experiment.hooks.beforeCell), ("after-cell", experiment.hooks.afterCell)] {
            for (i, hook) in hooks.enumerated() { r(&builder.resolver, .list(hook), FieldPath("hooks") / key / i) }
        }
        return (workload, collectors, names)
    }

    // MARK: - Parts

    private mutating func restrict(_ points: [MatrixPoint], to only: [(axis: String, value: String)]) -> [MatrixPoint] {
        guard !only.isEmpty else { return points }
        var wanted: [(axis: String, values: [String])] = []
        for (axis, value) in only {
            if let i = wanted.firstIndex(where: { $0.axis == axis }) {
                wanted[i].values.append(value)
            } else {
                wanted.append((axis, [value]))
            }
        }
        let known = Set(points.flatMap(\.values.names))
        for (axis, _) in wanted where !known.contains(axis) {
            sink.error(
                "--only \(axis)=…: no axis is named '\(axis)'", at: FieldPath("matrix"),
                hint: Suggestion.closest(to: axis, among: known).map { "did you mean '\($0)'?" }
                    ?? "axes: \(known.sorted().joined(separator: ", "))")
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
        let dir = scratch.dir ?? RunLayout.scratch
        return scratch.names.map { ScratchDisk(name: $0, file: "\(dir)/\($0).img", bytes: bytes) }
    }

    /// `1G`, `512M`, `64k`, `1T`, `1048576` (binary multiples).
    static func byteCount(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int64] = [
            "k": 1 << 10, "K": 1 << 10, "m": 1 << 20, "M": 1 << 20, "g": 1 << 30, "G": 1 << 30, "t": 1 << 40, "T": 1 << 40,
        ]
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
            let bytes: [UInt8]
            switch FileContents.read(full, limit: FileContents.textLimit) {
            case .success(let read):
                bytes = read
            case .failure(let failure):
                sink.error(
                    "the fio job file '\(full)' \(failure)", at: path / "job-file",
                    hint: "a job file is a regular text file; a relative path is relative to the experiment file")
                return []
            }
            guard let content = String(validating: bytes, as: UTF8.self) else {
                sink.error("the fio job file '\(full)' is not UTF-8 text", at: path / "job-file")
                return []
            }
            let name = StepBuilder.fileSafe(jobFile)
            builder.jobFileArgument = "\(Placeholder.files)/\(name)"
            builder.jobFileText = content
            return [PlanFile(name: name, content: content)]
        }
        if let job = fio.job {
            builder.jobFileArgument = "\(Placeholder.files)/workload.fio"
            builder.jobFileText = job
            return [PlanFile(name: "workload.fio", content: job)]
        }
        return []
    }
}
