import Foundation
import SweepModel

/// One planning pass: expansion, resolution, grouping, fingerprints. Problems go to the builder's sink.
struct PlanAssembly {
    let experiment: Experiment
    let baseDirectory: String
    let maxCells: Int
    var builder: StepBuilder
    /// The values the workload reads (`workloadNames`, sorted) → its step, and the pool's key and the values the
    /// collectors read (`collectorNames`) → their steps: built once for all the step lists that share them (and
    /// sharing their argv). Only what was built without a problem is kept, so a problem is still reported per list.
    private var workloadNames: [String] = []
    private var workloadCache: [[Value?]: (workload: StepBuilder.Workload, encoded: [UInt8])] = [:]
    /// Canonical encodings of the step lists the caches hold, by their storage address (see `appendEncoded`).
    private var encodedLists: [UnsafeRawPointer: [UInt8]] = [:]
    private var collectorNames: [String] = []
    private var collectorCache: [[Value?]: [Step]] = [:]
    /// The parts of `results` when it is literals and bare names only (`${ndisks}-disks/${numjobs}-jobs`): each
    /// cell's path is then joined from its values, without evaluating or hashing. Read at the first cell.
    private var resultsParts: [Template.Part]?
    private var resultsTemplateRead = false
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

    /// The steps of every cell whose step-affecting values are equal: built once, shared by all of them
    /// (one copy of each argv in memory, one hash of the steps for their fingerprints).
    private final class SharedSteps {
        /// Stable key of the pool-affecting values (`ndisks=2`), the group key with `recreate: per-group`.
        var poolKey: String
        var devices: [String]
        /// Group setup, cell steps, group teardown as the recreate mode places them.
        var setup: [Step]
        var steps: [Step]
        var teardown: [Step]
        var seconds: Double?
        /// SHA-256 of the canonical encoding of setup, steps and teardown.
        var digest: [UInt8]

        init(poolKey: String, devices: [String], setup: [Step], steps: [Step], teardown: [Step], seconds: Double?, digest: [UInt8]) {
            self.poolKey = poolKey
            self.devices = devices
            self.setup = setup
            self.steps = steps
            self.teardown = teardown
            self.seconds = seconds
            self.digest = digest
        }
    }

    mutating func run(only: [(axis: String, value: String)]) -> Plan? {
        for name in experiment.matrix.axes.map(\.name) where ExperimentValidator.reservedNames.contains(name) {
            sink.error("'\(name)' is a reserved name and cannot be an axis", at: FieldPath("matrix") / name, hint: "rename the axis")
        }
        let scratch = scratchDisks()
        let files = frozenFiles()

        var expansion = MatrixExpansion(experiment.matrix, maxCells: maxCells)
        var points = expansion.expand()
        sink.append(contentsOf: expansion.diagnostics)
        // A study without a matrix has one cell without values, whose id would be empty: name it.
        for i in points.indices where points[i].id.isEmpty { points[i].id = ResultPath.single }
        points = restrict(points, to: only)
        guard !sink.hasErrors else { return nil }

        // Which cell values the pool and the steps read: cells equal in those share their steps.
        let poolNames = poolReadNames()
        let stepReads = stepReadNames()
        let stepNames = Array(poolNames.union(stepReads.workload).union(stepReads.collectors).union(stepReads.hooks)).sorted()
        workloadNames = stepReads.workload.sorted()
        collectorNames = stepReads.collectors.sorted()
        let poolNameList = Array(poolNames)

        let base: [String: Value] = [
            "disks": .list(experiment.disks.names.map { .string($0) }),
            "experiment": .string(experiment.name),
        ]
        let recreate = experiment.pool?.recreate ?? .perCell
        let perCell = recreate == .perCell
        var poolCache: [String: PoolSteps] = [:]
        var sharedIndex: [[Value?]: Int] = [:]
        var shared: [SharedSteps] = []
        var resultPaths = Set<String>()
        resultPaths.reserveCapacity(points.count)
        var reportedDuplicate = false
        var depths: ClosedRange<Int>?
        // The previous cell's key and step list: consecutive cells (the repeats of one combination) often share.
        var key: [Value?] = []
        var previousKey: [Value?] = []
        var previousIndex: Int?
        var encoding = CanonicalEncoding()
        var fingerprinter = Fingerprinter(files: files)
        // The cells go straight into their groups: one per cell, per run of cells sharing the pool, or one.
        var groups: [CellGroup] = []
        if perCell { groups.reserveCapacity(points.count) }
        var groupCells: [Cell] = []
        var groupFirst: SharedSteps?
        var groupKey = ""
        // One environment for every cell, its values overwritten in place through their slots (no copy of the
        // dictionary, no hashing per cell); rebuilt from `base` when a cell's names differ from the previous
        // cell's (an `include` with extra keys). `stepSources`: where each step name's value is, among the
        // cell's values (else in `base`).
        var env = base
        var envNames: [String]?
        var envSlots: [[String: Value].Index] = []
        var stepSources: [Int?] = []

        for point in points {
            let entries = point.values.entries
            if let names = envNames, entries.elementsEqual(names, by: { $0.name == $1 }) {
                for (slot, entry) in zip(envSlots, entries) { env.values[slot] = entry.value }
            } else {
                env = base
                for entry in entries { env[entry.name] = entry.value }
                let names = entries.map(\.name)
                envNames = names
                envSlots = names.compactMap { env.index(forKey: $0) }
                stepSources = stepNames.map { names.firstIndex(of: $0) }
            }
            builder.resolver.cellID = point.id
            key.removeAll(keepingCapacity: true)
            for (name, source) in zip(stepNames, stepSources) { key.append(source.map { entries[$0].value } ?? base[name]) }
            let index: Int
            if let previous = previousIndex, key == previousKey {
                index = previous
            } else if let known = sharedIndex[key] {
                index = known
            } else {
                index = shared.count
                sharedIndex[key] = index
                shared.append(
                    sharedSteps(point, env, poolNames: poolNameList, perCell: perCell, poolCache: &poolCache, encoding: &encoding)
                        ?? SharedSteps(poolKey: "", devices: [], setup: [], steps: [], teardown: [], seconds: nil, digest: []))
            }
            // Swapped, not copied: the next cell's key is written into the buffer this one compared against.
            swap(&key, &previousKey)
            previousIndex = index
            guard let resultPath = self.resultPath(point, env) else { continue }
            let depth = Self.depth(resultPath)
            depths = depths.map { min($0.lowerBound, depth)...max($0.upperBound, depth) } ?? depth...depth
            if !resultPaths.insert(resultPath).inserted, !reportedDuplicate {
                // Only the first duplicate is reported (the sink keeps one per field): find its other cell once.
                reportedDuplicate = true
                var other = groupCells.first { $0.resultPath == resultPath }?.id
                for group in groups where other == nil { other = group.cells.first { $0.resultPath == resultPath }?.id }
                sink.error(
                    "cells \(other ?? "") and \(point.id) have the same result path '\(resultPath)'", at: FieldPath("results"),
                    hint: "use every axis in results, e.g. results: ${ndisks}-disks/${numjobs}-jobs", key: "duplicate")
            }
            let s = shared[index]
            let cell = Cell(
                id: point.id, values: point.values, resultPath: resultPath,
                fingerprint: fingerprinter.cell(id: point.id, stepsDigest: s.digest),
                estimatedSeconds: s.seconds, steps: s.steps)
            if perCell {
                groups.append(CellGroup(key: point.id, setup: s.setup, teardown: s.teardown, cells: [cell]))
                continue
            }
            if let first = groupFirst, recreate == .once || s.poolKey == first.poolKey {
                groupCells.append(cell)
                continue
            }
            if let first = groupFirst {
                groups.append(CellGroup(key: groupKey, setup: first.setup, teardown: first.teardown, cells: groupCells))
            }
            groupFirst = s
            groupKey = recreate == .once ? "once" : s.poolKey
            groupCells = [cell]
        }
        if let first = groupFirst {
            groups.append(CellGroup(key: groupKey, setup: first.setup, teardown: first.teardown, cells: groupCells))
        }
        // A path can only lie inside one with fewer '/': when all have as many, none nests (the usual case).
        if let depths, depths.lowerBound != depths.upperBound { checkNesting(resultPaths) }
        if recreate == .once, poolCache.count > 1 {
            let names = poolNames.sorted().joined(separator: ", ")
            sink.error(
                "recreate: once builds one pool, but the pool depends on \(names), which differ between cells",
                at: FieldPath("pool") / "recreate", hint: "use recreate: per-group to rebuild the pool when \(names) change")
        }
        guard !sink.hasErrors else { return nil }

        let runSetup = builder.hooks(experiment.hooks.beforeRun, key: "before-run", base)
        let runTeardown = builder.hooks(experiment.hooks.afterRun, key: "after-run", base)
        guard !sink.hasErrors else { return nil }
        let fingerprint = fingerprinter.plan(setup: runSetup, teardown: runTeardown, groups: groups)
        // Every step list is some cell's (a cell left out is an error).
        var destroyed = Set<String>()
        for steps in shared { destroyed.formUnion(steps.devices) }
        let destroys = experiment.disks.names.filter(destroyed.contains).map {
            builder.scratchNames.contains($0) ? Placeholder.scratch($0) : $0
        }
        return Plan(
            experiment: experiment.name, fingerprint: fingerprint, scratch: scratch, destroys: destroys,
            wipe: experiment.wipe, files: files, setup: runSetup, teardown: runTeardown, groups: groups)
    }

    /// The steps of the cells whose step-affecting values are `point`'s, or `nil` (reported) when some part
    /// cannot be built: pool and datasets (cached by the values they read, `poolKey`), hooks, collectors and
    /// workload, placed as the recreate mode says, with the digest of their canonical encoding.
    private mutating func sharedSteps(
        _ point: MatrixPoint, _ env: [String: Value], poolNames: [String], perCell: Bool,
        poolCache: inout [String: PoolSteps], encoding: inout CanonicalEncoding
    ) -> SharedSteps? {
        let poolKey = CellIdentifier.make(point.values.entries.lazy.filter { poolNames.contains($0.name) }.map { ($0.name, $0.value) })
        let pool: PoolSteps?
        if let cached = poolCache[poolKey] {
            pool = cached
        } else {
            pool = builder.poolSteps(env)
            if let pool { poolCache[poolKey] = pool }
        }
        let before = builder.hooks(experiment.hooks.beforeCell, key: "before-cell", env)
        let after = builder.hooks(experiment.hooks.afterCell, key: "after-cell", env)
        // Evaluated one by one so that every problem is reported, not just the first.
        let workloadKey = workloadNames.map { env[$0] }
        var workload = workloadCache[workloadKey]
        if workload == nil, let built = builder.workload(env) {
            var own = CanonicalEncoding()
            own.append(built.step)
            // Copied to its own size: the encoder's buffer starts at 2 KB.
            workload = (built, own.bytes.withUnsafeBufferPointer { Array($0) })
            workloadCache[workloadKey] = workload
        }
        var collectors: [Step]?
        if let pool {
            // The collectors' default devices: the pool's, else the raw workload's (which the key then holds).
            let defaults = pool.devices.isEmpty ? workload?.workload.devices ?? [] : pool.devices
            let key = [Value.string(poolKey), .list(defaults.map(Value.string))] + collectorNames.map { env[$0] }
            collectors = collectorCache[key]
            if collectors == nil {
                collectors = builder.collectors(env, poolDevices: defaults, poolName: pool.poolName)
                if let collectors { collectorCache[key] = collectors }
            }
        }
        guard let pool, let collectors, let workload else { return nil }
        var body: [Step] = []
        body.reserveCapacity(before.count + collectors.count + pool.records.count + 2 + after.count)
        if !perCell { body += before }
        body += collectors
        body.append(workload.workload.step)
        body += pool.records
        body.append(Step(.publish, argv: []))
        if !perCell { body += after }
        // Without hooks the group's steps are the pool's own arrays, shared by every cell of that pool.
        let ownSetup = perCell && !before.isEmpty
        let ownTeardown = perCell && !after.isEmpty
        let steps = SharedSteps(
            poolKey: poolKey, devices: pool.devices + workload.workload.destroys.filter { !pool.devices.contains($0) },
            setup: ownSetup ? before + pool.setup : pool.setup,
            steps: body,
            teardown: ownTeardown ? pool.teardown + after : pool.teardown,
            seconds: workload.workload.seconds, digest: [])
        // The encoding of setup, steps and teardown, the parts the caches hold encoded once.
        encoding.reset()
        if ownSetup { encoding.append(steps.setup) } else { appendEncoded(pool.setup, counted: true, to: &encoding) }
        encoding.append(UInt64(body.count))
        if !perCell { for step in before { encoding.append(step) } }
        appendEncoded(collectors, counted: false, to: &encoding)
        encoding.append(bytes: workload.encoded)
        appendEncoded(pool.records, counted: false, to: &encoding)
        encoding.append(Step(.publish, argv: []))
        if !perCell { for step in after { encoding.append(step) } }
        if ownTeardown { encoding.append(steps.teardown) } else { appendEncoded(pool.teardown, counted: true, to: &encoding) }
        steps.digest = Fingerprinter.digest(encoding.bytes)
        return steps
    }

    /// Appends the canonical encoding of `steps`, a list one of the caches holds (so that its storage address
    /// names it while planning), made once; `counted` puts the number of steps first, as a whole list's encoding has.
    private mutating func appendEncoded(_ steps: [Step], counted: Bool, to encoding: inout CanonicalEncoding) {
        if counted { encoding.append(UInt64(steps.count)) }
        guard let address = steps.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else { return }
        if let bytes = encodedLists[address] {
            encoding.append(bytes: bytes)
            return
        }
        var own = CanonicalEncoding()
        for step in steps { own.append(step) }
        encodedLists[address] = own.bytes.withUnsafeBufferPointer { Array($0) }
        encoding.append(bytes: own.bytes)
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
                ("runtime", fio.runtime),
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
        }
        let collectors = names
        names = []
        for (key, hooks) in [("before-cell", experiment.hooks.beforeCell), ("after-cell", experiment.hooks.afterCell)] {
            for (i, hook) in hooks.enumerated() { r(&builder.resolver, .list(hook), FieldPath("hooks") / key / i) }
        }
        return (workload, collectors, names)
    }

    // MARK: - Parts

    private static let resultsPath = FieldPath("results")

    /// The cell's rendered result path, checked against ``ResultPath``'s rules; `nil` (reported) when unusable.
    private mutating func resultPath(_ point: MatrixPoint, _ env: [String: Value]) -> String? {
        guard let template = experiment.results else { return point.id }
        if !resultsTemplateRead {
            // At the first cell, where its problems (if any) are reported as before.
            resultsTemplateRead = true
            if template.containsMarker("$"), let parsed = builder.resolver.template(template, at: Self.resultsPath),
                parsed.parts.allSatisfy({ if case .expression(.name) = $0 { true } else if case .literal = $0 { true } else { false } })
            {
                resultsParts = parsed.parts
            }
        }
        let rendered = resultsParts.flatMap { Self.text(of: $0, point.values.entries, env) }
        guard let path = rendered ?? builder.resolver.text(.string(template), at: Self.resultsPath, in: env) else { return nil }
        if let problem = ResultPath.problem(path) {
            sink.error(
                "result path '\(ControlCharacters.visible(path))' of cell \(point.id) \(problem)",
                at: Self.resultsPath, hint: ResultPath.hint, key: "bad path")
            return nil
        }
        return path
    }

    /// The text of a template made of literals and bare names, as ``Template/evaluate(_:)`` makes it, the names
    /// read from the cell's `entries` (a few, compared in place) before `env`; `nil` for a name in neither.
    private static func text(of parts: [Template.Part], _ entries: [Settings.Entry], _ env: [String: Value]) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                out += literal
            case .expression(.name(let name, _)):
                guard let value = entries.first(where: { $0.name == name })?.value ?? env[name] else { return nil }
                out += value.text
            case .expression:
                return nil
            }
        }
        return out
    }

    /// A result path inside another cell's result path would be moved along with it.
    /// Looks up every '/'-prefix of every path: linear in the number of cells.
    private mutating func checkNesting(_ paths: Set<String>) {
        let depths = paths.map(Self.depth)
        guard let shallowest = depths.min(), depths.contains(where: { $0 != shallowest }) else { return }
        for (path, d) in zip(paths, depths) where d > shallowest {
            var prefix = Substring(path)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if paths.contains(String(prefix)) {
                    sink.error(
                        "result path '\(path)' lies inside the result path '\(prefix)' of another cell", at: Self.resultsPath,
                        hint: "give every cell its own directory", key: "nested")
                }
            }
        }
    }

    /// The number of '/' in `path`.
    private static func depth(_ path: String) -> Int {
        var path = path
        return path.withUTF8 { bytes in
            var slashes = 0
            for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
            return slashes
        }
    }

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
