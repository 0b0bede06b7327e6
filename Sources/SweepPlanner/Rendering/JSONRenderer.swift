import SweepModel

/// The ``Plan`` as JSON, exactly its `Codable` form (a `JSONDecoder` reads it back to an equal `Plan`),
/// written directly for speed: a 100,000-cell plan streams out in a fraction of a second.
///
/// Layout: one key per line down to cells; each step and each `values` entry on one line. Keys keep
/// declaration order; optional fields are left out when absent. The schema is documented in README.md.
public struct JSONRenderer: PlanRenderer {
    /// Cell id → mark from an existing results directory (see ``PlanRenderer``).
    public var states: [String: CellMark]

    /// About how many cells are rendered at once on each processor (see ``GroupBlocks``).
    var cellsPerBlock = GroupBlocks.cellsPerBlock

    /// With `states`, done cells are left out (``Plan/remaining(_:)``).
    public init(states: [String: CellMark] = [:]) {
        self.states = states
    }

    public func render(_ plan: Plan, of full: Plan, to out: inout RenderSink) {
        var memo = StepsMemo()
        out.write("{\n  \"schemaVersion\": \(plan.schemaVersion),\n  \"experiment\": ")
        Self.string(plan.experiment, to: &out)
        out.write(",\n  \"fingerprint\": ")
        Self.string(plan.fingerprint, to: &out)
        out.write(",\n  \"scratch\": [")
        for (i, disk) in plan.scratch.enumerated() {
            out.write(i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ")
            Self.string(disk.name, to: &out)
            out.write(", \"file\": ")
            Self.string(disk.file, to: &out)
            out.write(", \"bytes\": \(disk.bytes)}")
        }
        out.write(plan.scratch.isEmpty ? "],\n  \"destroys\": " : "\n  ],\n  \"destroys\": ")
        Self.strings(plan.destroys, to: &out)
        out.write(",\n  \"wipe\": \(plan.wipe)")
        out.write(",\n  \"files\": [")
        for (i, file) in plan.files.enumerated() {
            out.write(i == 0 ? "\n    " : ",\n    ")
            Self.file(file, to: &out)
        }
        out.write(plan.files.isEmpty ? "]" : "\n  ]")
        Self.hosts(plan, to: &out)
        Self.rules(plan, to: &out)
        out.write(",\n  \"setup\": ")
        memo.steps(plan.setup, indent: "    ", to: &out)
        out.write(",\n  \"teardown\": ")
        memo.steps(plan.teardown, indent: "    ", to: &out)
        out.write(",\n  \"groups\": [")
        GroupBlocks(plan.groupStorage, cellsPerBlock: cellsPerBlock).render(to: &out) { block, out in
            var rows = Rows(first: block.groups.lowerBound == 0)
            swap(&rows.out, &out)
            block.visit(&rows)
            swap(&rows.out, &out)
        }
        out.write(plan.groupStorage.count == 0 ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// `{"name": …, "content": …}`.
    private static func file(_ file: PlanFile, to out: inout RenderSink) {
        out.write("{\"name\": ")
        string(file.name, to: &out)
        out.write(", \"content\": ")
        string(file.content, to: &out)
        out.write("}")
    }

    /// `hosts`, `storageHost` and `fioClients`, for a plan with hosts (absent otherwise, as before hosts existed).
    private static func hosts(_ plan: Plan, to out: inout RenderSink) {
        guard !plan.hosts.isEmpty else { return }
        out.write(",\n  \"hosts\": [")
        for (i, host) in plan.hosts.enumerated() {
            out.write(i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ")
            string(host.name, to: &out)
            if let address = host.address {
                out.write(", \"address\": ")
                string(address, to: &out)
            }
            if let ssh = host.ssh {
                out.write(", \"ssh\": ")
                string(ssh, to: &out)
            }
            out.write(", \"sshOptions\": ")
            strings(host.sshOptions, to: &out)
            if let port = host.fioPort { out.write(", \"fioPort\": \(port)") }
            out.write("}")
        }
        out.write("\n  ]")
        if let storage = plan.storageHost {
            out.write(",\n  \"storageHost\": ")
            string(storage, to: &out)
        }
        if let clients = plan.fioClients {
            out.write(",\n  \"fioClients\": {\"hosts\": ")
            strings(clients.hosts, to: &out)
            out.write(", \"servers\": ")
            string(clients.servers.rawValue, to: &out)
            out.write("}")
        }
    }

    /// `rules` (the adaptive rules, as `JSONEncoder` writes them with sorted keys), for a plan with rules.
    private static func rules(_ plan: Plan, to out: inout RenderSink) {
        guard let rules = plan.rules else { return }
        out.write(",\n  \"rules\": ")
        out.write(rules.canonicalText)
    }

    /// Writes the groups and cells it is handed, as `groups` entries: the first one without a comma before it when
    /// `first`.
    private struct Rows: RowVisitor {
        var out = RenderSink()
        private var memo = StepsMemo()
        /// Whether the next group is the plan's first.
        private var first: Bool
        /// Whether the next cell is its group's first.
        private var firstCell = true
        /// By position among a cell's values, the last name there and `{"name": NAME, "value": ` made of it: the
        /// cells of a study mostly have the same names in the same places.
        private var valueHeads: [(name: String, bytes: [UInt8])] = []

        var readsValues: Bool { true }

        init(first: Bool) { self.first = first }

        mutating func begin(_ group: GroupRow) {
            firstCell = true
            out.write(first ? "\n    {\n      \"key\": " : ",\n    {\n      \"key\": ")
            first = false
            out.write(jsonString: group.key)
            out.write(",\n      \"setup\": ")
            memo.steps(group.setup, indent: "        ", to: &out)
            out.write(",\n      \"teardown\": ")
            memo.steps(group.teardown, indent: "        ", to: &out)
            out.write(",\n      \"cells\": [")
        }

        mutating func cell(_ cell: CellRow) {
            out.write(firstCell ? "\n        {\n          \"id\": " : ",\n        {\n          \"id\": ")
            firstCell = false
            out.write(jsonString: cell.id)
            out.write(",\n          \"values\": [")
            for (v, entry) in cell.values.entries.enumerated() {
                if v > 0 { out.write(", ") }
                valueHead(at: v, entry.name)
                JSONRenderer.value(entry.value, to: &out)
                out.write(byte: UInt8(ascii: "}"))
            }
            out.write("],\n          \"resultPath\": ")
            JSONRenderer.string(cell.resultPath, to: &out)
            out.write(",\n          \"fingerprint\": \"")
            out.write(bytes: cell.fingerprint)
            out.write(byte: UInt8(ascii: "\""))
            if let seconds = cell.estimatedSeconds {
                out.write(",\n          \"estimatedSeconds\": ")
                memo.seconds(seconds, to: &out)
            }
            out.write(",\n          \"steps\": ")
            memo.steps(cell.steps, indent: "            ", to: &out)
            out.write("\n        }")
        }

        mutating func end(_ group: GroupRow) {
            out.write(group.cellCount == 0 ? "]\n    }" : "\n      ]\n    }")
        }

        /// Writes `{"name": NAME, "value": ` for the value named `name` at position `v` of a cell's values.
        private mutating func valueHead(at v: Int, _ name: String) {
            if v < valueHeads.count, valueHeads[v].name == name {
                valueHeads[v].bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
                return
            }
            var head = RenderSink()
            head.write("{\"name\": ")
            JSONRenderer.string(name, to: &head)
            head.write(", \"value\": ")
            if v < valueHeads.count {
                valueHeads[v] = (name, head.bytes)
            } else {
                valueHeads.append((name, head.bytes))
            }
            head.bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
        }
    }

    /// Renders each distinct step list once. The planner shares one array among all cells with equal steps,
    /// so the array's storage address (stable while the plan lives) identifies the list. Holds at most
    /// ``limit`` bytes (a million cells have a hundred thousand step lists, 190 MB of JSON): when full it starts
    /// over, which costs a list rendered again, never other bytes.
    private struct StepsMemo {
        private var rendered: [Key: [UInt8]] = [:]
        private var held = 0
        private static let limit = 16 << 20

        /// Each step's object by its argv's storage address, with the step (the planner shares a step's argv
        /// among the step lists that have the step): a step list made anew of known steps is copied, not written.
        private var renderedSteps: [UnsafeRawPointer: (step: Step, bytes: [UInt8])] = [:]

        private struct Key: Hashable {
            var address: UnsafeRawPointer
            var indent: Int
        }

        /// The last few step lists written, looked up before `rendered`.
        private var recent = RecentEntries<Key, [UInt8]>()

        /// The last number of seconds written, and its text: the cells of a study mostly share theirs.
        private var lastSeconds: (value: Double, text: String)?

        /// `seconds` as ``JSONRenderer/number(_:to:)`` writes it.
        mutating func seconds(_ seconds: Double, to out: inout RenderSink) {
            if let last = lastSeconds, last.value.bitPattern == seconds.bitPattern {
                out.write(last.text)
                return
            }
            let text = JSONWriter.number(seconds)
            lastSeconds = (seconds, text)
            out.write(text)
        }

        mutating func step(_ step: Step, to out: inout RenderSink) {
            guard let address = step.argv.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else {
                JSONRenderer.step(step, to: &out)
                return
            }
            if let known = renderedSteps[address], known.step == step {
                known.bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
                return
            }
            var local = RenderSink()
            JSONRenderer.step(step, to: &local)
            let bytes = local.bytes
            makeRoom(bytes.count)
            renderedSteps[address] = (step, bytes)
            bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
        }

        /// Counts `count` more bytes held, starting over first when they would pass ``limit``.
        private mutating func makeRoom(_ count: Int) {
            if held + count > Self.limit {
                rendered.removeAll()
                renderedSteps.removeAll()
                held = 0
            }
            held += count
        }

        mutating func steps(_ steps: [Step], indent: String, to out: inout RenderSink) {
            guard let address = steps.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }), steps.count > 0 else {
                out.write("[]")
                return
            }
            let key = Key(address: address, indent: indent.utf8.count)
            if let bytes = recent.value(for: key) {
                bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
                return
            }
            if let bytes = rendered[key] {
                recent.remember(key, bytes)
                bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
                return
            }
            var local = RenderSink()
            JSONRenderer.steps(steps, indent: indent, to: &local) { step, out in self.step(step, to: &out) }
            let bytes = local.bytes
            makeRoom(bytes.count)
            rendered[key] = bytes
            recent.remember(key, bytes)
            bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
        }
    }

    /// A list of steps, one per line at `indent`; `step` writes each step's object.
    fileprivate static func steps(_ steps: [Step], indent: String, to out: inout RenderSink, step: (Step, inout RenderSink) -> Void) {
        guard !steps.isEmpty else {
            out.write("[]")
            return
        }
        out.write("[")
        for i in steps.indices {
            out.write(i == 0 ? "\n" : ",\n")
            out.write(indent)
            step(steps[i], &out)
        }
        out.write("\n")
        out.write(String(indent.dropLast(2)))
        out.write("]")
    }

    /// One step's object.
    fileprivate static func step(_ step: Step, to out: inout RenderSink) {
        out.write("{\"kind\": \"")
        out.write(step.kind.rawValue)
        out.write("\", \"argv\": ")
        strings(step.argv, to: &out)
        switch step.resource {
        case nil: break
        case .pool(let name):
            out.write(", \"resource\": {\"pool\": ")
            string(name, to: &out)
            out.write("}")
        case .dataset(let name):
            out.write(", \"resource\": {\"dataset\": ")
            string(name, to: &out)
            out.write("}")
        case .filesystem(let mountpoint):
            out.write(", \"resource\": {\"filesystem\": ")
            string(mountpoint, to: &out)
            out.write("}")
        }
        if let stdout = step.stdout {
            out.write(", \"stdout\": ")
            string(stdout, to: &out)
        }
        if let timeout = step.timeout {
            out.write(", \"timeout\": ")
            number(timeout, to: &out)
        }
        if let role = step.collector {
            out.write(", \"collector\": {\"name\": ")
            string(role.name, to: &out)
            out.write(role.required ? ", \"required\": true, \"stopSignal\": " : ", \"required\": false, \"stopSignal\": ")
            string(role.stopSignal, to: &out)
            out.write("}")
        }
        if let host = step.host {
            out.write(", \"host\": ")
            string(host, to: &out)
        }
        if let inputs = step.inputs {
            out.write(", \"inputs\": [")
            for (j, file) in inputs.enumerated() {
                if j > 0 { out.write(", ") }
                Self.file(file, to: &out)
            }
            out.write("]")
        }
        out.write("}")
    }

    private static func strings(_ items: [String], to out: inout RenderSink) {
        out.write(byte: UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.write(", ") }
            string(item, to: &out)
        }
        out.write(byte: UInt8(ascii: "]"))
    }

    static func value(_ value: Value, to out: inout RenderSink) {
        switch value {
        case .int(let v): out.write(decimal: v)
        case .double(let v): number(v, to: &out)
        case .bool(let v): out.write(v ? "true" : "false")
        case .string(let v): string(v, to: &out)
        case .list(let items):
            out.write("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.write(", ") }
                Self.value(item, to: &out)
            }
            out.write("]")
        }
    }

    /// A number as ``JSONWriter/number(_:)`` writes it.
    static func number(_ v: Double, to out: inout RenderSink) {
        out.write(JSONWriter.number(v))
    }

    /// A JSON string, escaped by ``JSONWriter/appendString(_:to:)``.
    static func string(_ text: String, to out: inout RenderSink) {
        out.write(jsonString: text)
    }
}
