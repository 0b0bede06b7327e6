import Crypto
import SweepModel

/// Plans a run of consecutive cells: their shared steps, result paths, fingerprints and groups. Problems go
/// to the builder's sink, each at the index of its cell (``DiagnosticSink/position``).
///
/// ``PlanAssembly`` makes one, then plans each run of cells with a copy of it (concurrently when there are
/// many), each copy with its own caches, and joins the runs in order.
struct CellAssembly {
    /// What planning a cell makes: every part of the ``Plan``, or only what its checks read (for `validate`).
    enum Output {
        /// What makes the cells and their groups (a ``CellTable/Run``), with fingerprints.
        case plan
        /// The steps (built once per step list, for their problems) and the result paths, no cells.
        case checks
    }

    let output: Output
    var builder: StepBuilder
    /// Cell values the pool reads, the steps read (pool, workload, collectors, hooks; sorted), the workload
    /// reads and the collectors read.
    private let poolNames: [String]
    private let stepNames: [String]
    private let workloadNames: [String]
    private let collectorNames: [String]
    /// The values every cell sees besides its own: `disks`, `experiment`.
    let base: [String: Value]
    private let recreate: Pool.Recreate
    private var fingerprinter: Fingerprinter
    /// The fingerprints of the cells placed, in their canonical encoding (``Fingerprinter/encodedSize`` bytes
    /// each): the bytes the plan's fingerprint hashes, and each cell's fingerprint text.
    private var fingerprints = CanonicalEncoding()
    /// The devices the step lists made destroy (see ``SharedSteps/devices``).
    private(set) var destroyed = Set<String>()
    /// The study's adaptive rules: the cells they govern have them in their fingerprints.
    private let rules: AdaptiveRules?

    // MARK: Caches

    /// The values the workload reads → its step, and the pool's key and the values the collectors read →
    /// their steps: built once for all the step lists that share them (and sharing their argv). Only what was
    /// built without a problem is kept, so a problem is still reported per list.
    private var workloadCache: [[Value?]: (workload: StepBuilder.Workload, encoded: [UInt8])] = [:]
    private var collectorCache: [[Value?]: [Step]] = [:]
    /// Pool and datasets, and their key (``CellIdentifier`` of the cell values they read), by the values they read.
    private(set) var poolCache: [[Value?]: (key: String, steps: PoolSteps)] = [:]
    /// Canonical encodings of the step lists the caches hold, by their storage address (see `appendEncoded`).
    private var encodedLists: [UInt: [UInt8]] = [:]
    /// The step lists, and the index of each by the values the steps read.
    private(set) var shared: [SharedSteps] = []
    private var sharedIndex: [[Value?]: Int] = [:]
    private var encoding = CanonicalEncoding()

    // MARK: The cell being planned

    /// One environment for every cell, its values overwritten in place through their slots (no copy of the
    /// dictionary, no hashing per cell); rebuilt from `base` when a cell's names differ from the previous
    /// cell's (an `include` with extra keys). `stepSources`: where each step name's value is, among the
    /// cell's values (else in `base`).
    private var env: [String: Value]
    private var envNames: [String]?
    private var envSlots: [[String: Value].Index] = []
    private var stepSources: [Int?] = []
    /// Whether `env` holds the current cell's values: filled when read (``fillEnvironment(_:)``), which most cells
    /// (those whose steps an earlier cell built, whose result path is joined without evaluating) are not.
    private var envIsCurrent = false
    /// The step-affecting values of this cell and the previous one, and the previous one's step list:
    /// consecutive cells (the repeats of one combination) often share.
    private var key: [Value?] = []
    private var previousKey: [Value?] = []
    private var previousIndex: Int?
    /// The result paths: read by ``ResultPathTemplate`` when the template allows, else evaluated.
    private var results: ResultPathTemplate

    // MARK: What the cells make

    /// The indices of the cells planned.
    private(set) var cells = 0..<0
    /// The index in ``shared`` of each cell's step list (``Output/plan``).
    private(set) var lists: [Int] = []
    /// The groups (``Output/plan``, not with `recreate: per-cell`): one per run of cells sharing the pool, or one.
    private(set) var groups = CellTable.Groups()
    /// Every cell's result path (empty, hash 0, when it has none), in order.
    private(set) var paths = StringIndex.Run()
    /// The fewest and most '/' of a result path.
    private(set) var depths: ClosedRange<Int>?

    init(
        experiment: Experiment, builder: StepBuilder, output: Output, files: [PlanFile], poolNames: Set<String>,
        stepReads: (workload: Set<String>, collectors: Set<String>, hooks: Set<String>)
    ) {
        self.output = output
        self.builder = builder
        self.poolNames = poolNames.sorted()
        stepNames = Array(poolNames.union(stepReads.workload).union(stepReads.collectors).union(stepReads.hooks)).sorted()
        workloadNames = stepReads.workload.sorted()
        collectorNames = stepReads.collectors.sorted()
        var base: [String: Value] = [
            "disks": .list(experiment.disks.names.map { .string($0) }),
            "experiment": .string(experiment.name),
        ]
        if let filesystem = experiment.filesystem { base["mountpoint"] = .string(filesystem.mountpointPath) }
        if !experiment.hosts.isEmpty { base["hosts"] = .list(experiment.hosts.map { .string($0.name) }) }
        self.base = base
        recreate = experiment.pool?.recreate ?? experiment.filesystem?.recreate ?? .perCell
        rules = AdaptiveRules(builder.experiment)
        fingerprinter = Fingerprinter(files: files, hosts: builder.experiment.hosts, rules: rules)
        env = base
        results = ResultPathTemplate(experiment.results, base: base)
    }

    private var sink: DiagnosticSink {
        get { builder.resolver.sink }
        set { builder.resolver.sink = newValue }
    }

    /// `recreate: per-cell`: every cell is a group of its own.
    var perCell: Bool { recreate == .perCell }

    /// Plans `points`, the cells of the indices `cells`.
    mutating func run(_ points: MatrixPoints.PointIterator, cells: Range<Int>) {
        self.cells = cells
        paths.strings.reserveCapacity(cells.count)
        paths.hashes.reserveCapacity(cells.count)
        if output == .plan {
            lists.reserveCapacity(cells.count)
            fingerprints.reserveCapacity(cells.count * Fingerprinter.encodedSize)
        }
        // Room for as many step lists as a large study has (the cells of one each, up to 2^17), so that the
        // index is not rebuilt as it grows.
        sharedIndex.reserveCapacity(min(cells.count, 1 << 17))
        workloadCache.reserveCapacity(min(cells.count, 1 << 16))
        for (offset, point) in zip(cells, points) {
            sink.position = offset
            builder.resolver.cellID = point.id
            useEnvironment(of: point)
            let list = sharedStepsIndex(point)
            guard let (path, hash) = resultPath(point) else {
                paths.strings.append("")
                paths.hashes.append(0)
                continue
            }
            paths.strings.append(path)
            paths.hashes.append(hash)
            let depth = Self.depth(path)
            depths = depths.map { min($0.lowerBound, depth)...max($0.upperBound, depth) } ?? depth...depth
            if output == .plan { place(point, list: list, at: offset) }
        }
    }

    // MARK: - Environment and steps

    /// Makes `env` the environment of `point`: its names' slots now, their values when read (``fillEnvironment(_:)``).
    private mutating func useEnvironment(of point: MatrixPoint) {
        let entries = point.values.entries
        if let names = envNames, entries.elementsEqual(names, by: { $0.name == $1 }) {
            envIsCurrent = false
            return
        }
        envIsCurrent = true
        env = base
        for entry in entries { env[entry.name] = entry.value }
        let names = entries.map(\.name)
        envNames = names
        envSlots = names.compactMap { env.index(forKey: $0) }
        stepSources = stepNames.map { names.firstIndex(of: $0) }
        results.use(names: names)
    }

    /// Writes the values of `point`, the current cell, into `env`'s slots, unless they are there.
    private mutating func fillEnvironment(_ point: MatrixPoint) {
        guard !envIsCurrent else { return }
        for (slot, entry) in zip(envSlots, point.values.entries) { env.values[slot] = entry.value }
        envIsCurrent = true
    }

    /// The index in ``shared`` of the steps of `point`, built when no cell before had its step-affecting values.
    private mutating func sharedStepsIndex(_ point: MatrixPoint) -> Int {
        let entries = point.values.entries
        key.removeAll(keepingCapacity: true)
        // A name the cell has no value for reads `base`, the same for every cell: `nil` stands for it.
        for source in stepSources { key.append(source.map { entries[$0].value }) }
        let index: Int
        if let previous = previousIndex, key == previousKey {
            index = previous
        } else {
            // Looked up and, when new, entered with one hash of the key.
            let next = shared.count
            index = Self.entry(&sharedIndex[key], else: next)
            if index == next {
                let steps = sharedSteps(point) ?? .none
                destroyed.formUnion(steps.devices)
                shared.append(steps)
            }
        }
        // Swapped, not copied: the next cell's key is written into the buffer this one compared against.
        swap(&key, &previousKey)
        previousIndex = index
        return index
    }

    /// The value `slot` holds, else `value`, which it then holds.
    private static func entry(_ slot: inout Int?, else value: Int) -> Int {
        if let known = slot { return known }
        slot = value
        return value
    }

    /// The steps of the cells whose step-affecting values are `point`'s, or `nil` (reported) when some part
    /// cannot be built: pool and datasets (cached by the values they read, `poolKey`), hooks, collectors and
    /// workload, placed as the recreate mode says, with the digest of their canonical encoding.
    private mutating func sharedSteps(_ point: MatrixPoint) -> SharedSteps? {
        fillEnvironment(point)
        let poolValues = poolNames.map { env[$0] }
        let poolKey: String
        let pool: PoolSteps?
        if let cached = poolCache[poolValues] {
            (poolKey, pool) = cached
        } else {
            let poolNames = poolNames
            poolKey = CellIdentifier.make(point.values.entries.lazy.filter { poolNames.contains($0.name) }.map { ($0.name, $0.value) })
            pool = builder.poolSteps(env).map(builder.onStorageHost)
            if let pool { poolCache[poolValues] = (poolKey, pool) }
        }
        let hooks = builder.experiment.hooks
        let before = builder.hooks(hooks.beforeCell, key: "before-cell", env)
        let after = builder.hooks(hooks.afterCell, key: "after-cell", env)
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
        // Checks need the parts built (for their problems), not the list.
        guard output == .plan else { return SharedSteps.none }
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
        let setup = ownSetup ? before + pool.setup : pool.setup
        let teardown = ownTeardown ? pool.teardown + after : pool.teardown
        var digest: [UInt8] = []
        if output == .plan {
            // The encoding of setup, steps and teardown, the parts the caches hold encoded once.
            encoding.reset()
            if ownSetup { encoding.append(setup) } else { appendEncoded(pool.setup, counted: true) }
            encoding.append(UInt64(body.count))
            if !perCell { for step in before { encoding.append(step) } }
            appendEncoded(collectors, counted: false)
            encoding.append(bytes: workload.encoded)
            appendEncoded(pool.records, counted: false)
            encoding.append(Step(.publish, argv: []))
            if !perCell { for step in after { encoding.append(step) } }
            if ownTeardown { encoding.append(teardown) } else { appendEncoded(pool.teardown, counted: true) }
            digest = Fingerprinter.digest(encoding.bytes)
        }
        return SharedSteps(
            poolKey: poolKey, devices: Self.devices(pool.devices, workload.workload.destroys), setup: setup, steps: body,
            teardown: teardown, seconds: workload.workload.seconds, digest: digest)
    }

    /// The devices a cell destroys: its pool's, then those its workload writes that the pool does not use. The
    /// pool's own array when the workload adds none (shared by every cell of the pool, not copied per step list).
    private static func devices(_ pool: [String], _ workload: [String]) -> [String] {
        let extra = workload.filter { !pool.contains($0) }
        return extra.isEmpty ? pool : pool + extra
    }

    /// Appends the canonical encoding of `steps`, a list one of the caches holds (so that its storage address
    /// names it while planning), made once; `counted` puts the number of steps first, as a whole list's encoding has.
    private mutating func appendEncoded(_ steps: [Step], counted: Bool) {
        if counted { encoding.append(UInt64(steps.count)) }
        guard let address = steps.withUnsafeBufferPointer({ $0.baseAddress.map { UInt(bitPattern: $0) } }) else { return }
        if let bytes = encodedLists[address] {
            encoding.append(bytes: bytes)
            return
        }
        var own = CanonicalEncoding()
        for step in steps { own.append(step) }
        encodedLists[address] = own.bytes.withUnsafeBufferPointer { Array($0) }
        encoding.append(bytes: own.bytes)
    }

    // MARK: - Result paths

    private static let resultsPath = FieldPath("results")

    /// The cell's result path and its ``StringIndex/hash(_:)``, checked against ``ResultPath``'s rules;
    /// `nil` (reported) when unusable.
    private mutating func resultPath(_ point: MatrixPoint) -> (path: String, hash: UInt64)? {
        guard let template = builder.experiment.results else { return Self.hashed(point.id) }
        if !results.isRead { results.read(&builder.resolver, at: Self.resultsPath) }
        var made = results.path(point.values.entries)
        if made == nil {
            fillEnvironment(point)
            made = builder.resolver.text(.string(template), at: Self.resultsPath, in: env).map(Self.hashed)
        }
        guard let (path, hash) = made else { return nil }
        if let problem = ResultPath.problem(path) {
            sink.error(
                "result path '\(ControlCharacters.visible(path))' of cell \(point.id) \(problem)",
                at: Self.resultsPath, hint: ResultPath.hint, key: "bad path")
            return nil
        }
        return (path, hash)
    }

    /// `path` with its hash.
    private static func hashed(_ path: String) -> (path: String, hash: UInt64) {
        var path = path
        let hash = path.withUTF8 { StringIndex.hash(UnsafeRawBufferPointer($0)) }
        return (path, hash)
    }

    /// The number of '/' in `path`.
    static func depth(_ path: String) -> Int {
        var path = path
        return path.withUTF8 { bytes in
            var slashes = 0
            for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
            return slashes
        }
    }

    // MARK: - Cells and groups

    /// Keeps what makes the cell of `point`, the `offset`-th of the plan (its step list, its fingerprint), and
    /// puts it in its group: its own with `recreate: per-cell`, else the open group while the
    /// pool stays (always with `once`).
    private mutating func place(_ point: MatrixPoint, list: Int, at offset: Int) {
        let s = shared[list]
        let digest = fingerprinter.cellDigest(id: point.id, stepsDigest: s.digest, governed: rules?.governs(point.values) == true)
        digest.withUnsafeBytes { fingerprints.append(hexOf: $0) }
        lists.append(list)
        guard !perCell else { return }
        if let first = groups.firsts.last, recreate == .once || s.poolKey == first.poolKey { return }
        groups.starts.append(offset)
        groups.keys.append(recreate == .once ? "once" : s.poolKey)
        groups.firsts.append(s)
    }

    /// What this run made of its cells (``Output/plan``), left empty here.
    mutating func takeCells() -> CellTable.Run {
        defer {
            shared = []
            lists = []
            paths.strings = []
            fingerprints = CanonicalEncoding()
        }
        return CellTable.Run(cells: cells, shared: shared, lists: lists, paths: paths.strings, fingerprints: fingerprints.bytes)
    }
}
