import SweepModel

/// The plan as a self-contained bash script that does the same work without checkpointing:
/// `set -euo pipefail`, the frozen files written from here-documents, scratch loop devices if any,
/// collectors in the background (stopped with SIGINT, then SIGTERM, after the workload), and an EXIT trap
/// that undoes, newest first, whatever was set up and not yet torn down.
///
/// Usage of the script: `bash SCRIPT [RESULTS_DIR]` (default `./<experiment>`). Placeholders become
/// variables: `@{run}` → `$run`, `@{cell}` → `$cell`, `@{files}` → `$files`, `@{scratchN}` → `$scratchN`
/// (a scratch disk of a hand-edited plan with another name gets `$scratch_disk_I`, I its index),
/// `@{workload_device}` → `$workload_device` (set per cell with `findmnt -T` on the workload's directory).
///
/// Every value of the plan reaches bash only inside quoting made by ``ShellWord``, comments included (a value
/// with a newline is written `$'…\n…'`, so it cannot end a comment or a command): run by bash, the script
/// executes exactly the plan's argv.
public struct ShellScriptRenderer: PlanRenderer {
    /// Cell id → mark from an existing results directory (see ``PlanRenderer``).
    public var states: [String: CellMark]
    /// The plan's hosts by name, for the steps that run over ssh.
    private var hosts: [String: StudyHost] = [:]

    /// About how many cells are rendered at once on each processor (see ``GroupBlocks``).
    var cellsPerBlock = GroupBlocks.cellsPerBlock

    /// With `states`, done cells are left out and the others marked (see ``PlanRenderer``).
    public init(states: [String: CellMark] = [:]) {
        self.states = states
    }

    /// The script in its parts: the prologue (header, functions, traps), the frozen files, the scratch disks,
    /// the run's setup, each group with its cells, the run's teardown.
    public func render(_ plan: Plan, of full: Plan, to out: inout RenderSink) {
        var renderer = self
        renderer.hosts = Dictionary(plan.hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        renderer.write(plan, to: &out)
    }

    private func write(_ plan: Plan, to out: inout RenderSink) {
        let cellCount = plan.groupStorage.cellCount
        let variables = Self.variables(plan)
        prologue(plan, cellCount: cellCount, to: &out)
        if plan.hosts.contains(where: \.isRemote) { out.write(Self.remoteWords) }
        if Self.uses(Placeholder.label, plan) {
            // The file systems' label, the run's marker: 10 characters (xfs takes 12).
            out.write("label=\"iosw$(date -u +%H%M%S)\"\n")
        }
        Self.files(plan.files, to: &out)
        Self.scratchDisks(plan.scratch, to: &out)
        fioServers(plan, to: &out)
        var lines = LineMemo()
        if !plan.setup.isEmpty {
            out.write("\n# Before the run.\n")
            commands(plan.setup, of: nil, resultPath: "", variables: variables, &lines, to: &out)
        }
        GroupBlocks(plan.groupStorage, cellsPerBlock: cellsPerBlock).render(to: &out) { block, out in
            var rows = Rows(renderer: self, variables: variables)
            swap(&rows.out, &out)
            block.visit(&rows)
            swap(&rows.out, &out)
        }
        if !plan.teardown.isEmpty {
            out.write("\n# After the run.\n")
            commands(plan.teardown, of: nil, resultPath: "", variables: variables, &lines, to: &out)
        }
        out.write("\necho \"done: \(counted(cellCount, "cell")) in $results\"\n")
    }

    /// The header comment, the variables, the helper functions (`stop_collectors`, `retry`, `cleanup`), the traps.
    private func prologue(_ plan: Plan, cellCount: Int, to out: inout RenderSink) {
        out.write(
            """
            #!/usr/bin/env bash
            # shellcheck disable=SC2016,SC2024 # undo entries expand when they run; output files belong to the caller
            # \(ShellWord.quote(plan.experiment)): \(counted(cellCount, "cell")), written by `iosweep plan --format sh`.
            # Plan fingerprint \(ShellWord.quote(plan.fingerprint)).
            # Does the plan's work without checkpointing (use `iosweep run` to resume after a failure).
            # Destroys: \(plan.destroysList).
            # Usage: bash \(ShellWord.quote(plan.experiment)).sh [RESULTS_DIR]
            set -euo pipefail

            results=${1:-\(ShellWord.quote(plan.experiment))}
            \(Self.uses(Placeholder.run, plan) ? "" : "# shellcheck disable=SC2034 # the pools' marker: this study has no pool\n")run="sh-$(date -u +%Y%m%dT%H%M%SZ)-$$"
            files="$results/.files"
            cell=""
            undo=()       # commands undoing what is set up, newest last
            collectors=() # process ids of running collectors

            # Stops the collectors: SIGINT (iostat and mpstat close their JSON), SIGTERM after 5 s, SIGKILL after 5 more.
            stop_collectors() {
              local pid signal i
              for signal in INT TERM KILL; do
                for pid in "${collectors[@]}"; do kill -"$signal" "$pid" 2>/dev/null || true; done
                for pid in "${collectors[@]}"; do
                  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                done
              done
              for pid in "${collectors[@]}"; do wait "$pid" 2>/dev/null || true; done
              collectors=()
            }

            # Runs a teardown, retrying while it fails: zfs-fuse answers "pool is busy" right after a workload.
            retry() {
              local i
              for ((i = 1; i < 5; i++)); do "$@" && return 0; sleep 1; done
              "$@"
            }

            # On any exit: stop collectors, undo what is still set up (newest first), keep the exit status.
            cleanup() {
              local status=$? i
              trap - EXIT INT TERM
              stop_collectors
              for ((i = ${#undo[@]} - 1; i >= 0; i--)); do eval "${undo[i]}" || true; done
              exit "$status"
            }
            trap cleanup EXIT
            trap 'exit 130' INT
            trap 'exit 143' TERM

            mkdir -p "$results/\(RunLayout.partial)" "$files"

            """)
    }

    /// Whether a setup step of `plan` (the run's, a group's) holds `placeholder`: where the planner puts the
    /// pools' marker `@{run}` and the file systems' `@{label}`; cells' own steps are not read (a million of them).
    private static func uses(_ placeholder: String, _ plan: Plan) -> Bool {
        func holds(_ steps: [Step]) -> Bool { steps.contains { $0.argv.contains { $0.contains(placeholder) } } }
        return holds(plan.setup) || plan.groupStorage.containsSetup(where: holds)
    }

    /// The frozen files, each from a here-document into `$files`.
    private static func files(_ files: [PlanFile], to out: inout RenderSink) {
        for file in files {
            let delimiter = delimiter(for: file.content)
            out.write("cat > \"$files\"/\(ShellWord.quote(file.name)) <<'\(delimiter)'\n")
            out.write(file.content)
            // Bytes, not characters: "\r\n" is one Character, and `hasSuffix("\n")` is false for it.
            if let last = file.content.utf8.last, last != UInt8(ascii: "\n") { out.write("\n") }
            out.write("\(delimiter)\n")
        }
    }

    /// The function quoting a remote command's words, for plans with steps on other hosts.
    private static let remoteWords = #"""
        # The words given, each in POSIX single quotes, for the remote shell of `ssh` (which joins its arguments).
        remote_words() {
          local word out="" sq="'" esc="'\\''"
          for word in "$@"; do out+="'${word//$sq/$esc}' "; done
          printf '%s' "$out"
        }

        """#

    /// The managed fio servers of the clients: each started daemonized over ssh (or here), stopped on exit.
    private func fioServers(_ plan: Plan, to out: inout RenderSink) {
        guard let clients = plan.fioClients, clients.servers == .managed, !clients.hosts.isEmpty else { return }
        out.write("\n# fio servers of the clients, started for this script and stopped on exit.\n")
        for name in clients.hosts {
            guard let host = hosts[name] else { continue }
            let pidFile = "/tmp/iosweep-fio-server-sh-\(Self.fileWord(name)).pid"
            let endpoint = FioClients.endpoint(address: host.fioAddress, port: host.port)
            let start = ["fio", "--server=\(endpoint)", "--daemonize=\(pidFile)"]
            let stop = ["sh", "-c", "kill \"$(cat \"$1\")\" && rm -f \"$1\"", "sh", pidFile]
            let step = Step(.hook, argv: start, host: name)
            let undo = Step(.hook, argv: stop, host: name)
            out.write(step.commandLine(variables: [:], hosts: hosts) + "\n")
            out.write("undo+=(\(ShellWord.quote(undo.commandLine(variables: [:], hosts: hosts))))\n")
        }
        out.write("sleep 1 # the servers listen once daemonized\n")
    }

    /// `name` with only `[A-Za-z0-9._-]` kept.
    private static func fileWord(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// Each scratch disk: its sparse file and loop device, both undone on exit.
    private static func scratchDisks(_ scratch: [ScratchDisk], to out: inout RenderSink) {
        guard !scratch.isEmpty else { return }
        out.write("\n# Scratch disks: sparse files on loop devices, removed on exit.\n")
        for (index, disk) in scratch.enumerated() {
            let variable = scratchVariable(disk, index: index)
            let file = disk.file.hasPrefix("/") ? ShellWord.quote(disk.file) : "\"$results\"/\(ShellWord.quote(disk.file))"
            out.write("mkdir -p \"$(dirname -- \(file))\"\n")
            out.write("truncate -s \(disk.bytes) \(file)\n")
            out.write("undo+=(\(ShellWord.quote("rm -f -- \(file)")))\n")
            out.write("# shellcheck disable=SC2034 # used by the pool commands of some cells\n")
            out.write("\(variable)=$(losetup --find --show \(file))\n")
            out.write("undo+=(\(ShellWord.quote("losetup -d \"$\(variable)\"")))\n")
        }
    }

    /// Writes the groups and cells it is handed: each group's setup, its cells (each entered, then its steps), its
    /// teardown. A per-cell group (one cell, keyed by its id) is entered as its cell, without a group comment.
    private struct Rows: RowVisitor {
        let renderer: ShellScriptRenderer
        let variables: [String: String]
        var out = RenderSink()
        private var lines = LineMemo()
        /// The group whose cells are being written, and whether it is written as its one cell (one cell whose id is
        /// the group's key, known at that cell).
        private var group: GroupRow?
        private var perCell: Bool?

        var readsValues: Bool { false }

        init(renderer: ShellScriptRenderer, variables: [String: String]) {
            self.renderer = renderer
            self.variables = variables
        }

        mutating func begin(_ group: GroupRow) {
            self.group = group
            perCell = nil
            if group.cellCount != 1 { heading(group) }
        }

        /// `# Pool group KEY: N cells.` and the group's setup.
        private mutating func heading(_ group: GroupRow) {
            perCell = false
            out.write("\n# Pool group \(ShellWord.quote(group.keyText)): \(counted(group.cellCount, "cell")).\n")
            renderer.commands(group.setup, of: group, resultPath: "", variables: variables, &lines, to: &out)
        }

        mutating func cell(_ cell: CellRow) {
            guard let group else { return }
            let id = cell.idText
            if perCell == nil {
                if !group.key.elementsEqual(cell.id) {
                    heading(group)
                } else {
                    perCell = true
                    renderer.enter(id, cell, &lines, to: &out)
                    renderer.commands(group.setup, of: group, resultPath: "", variables: variables, &lines, to: &out)
                }
            }
            if perCell == false { renderer.enter(id, cell, &lines, to: &out) }
            renderer.commands(cell.steps, of: group, resultPath: cell.resultPath, variables: variables, &lines, to: &out)
        }

        mutating func end(_ group: GroupRow) {
            if perCell == nil { heading(group) }
            renderer.commands(group.teardown, of: group, resultPath: "", variables: variables, &lines, to: &out)
            self.group = nil
        }
    }

    /// The command lines of steps (by their argv's storage address, which the planner shares among the step lists
    /// that have the step), and whether a step list names the workload's device: made once per render block.
    private struct LineMemo {
        private var lines: [StepLineKey: String] = [:]
        private var undoEntries: [StepLineKey: String] = [:]
        private var namesDevice: [UnsafeRawPointer: Bool] = [:]

        /// The command line of `step` in the script (``Step/commandLine(variables:hosts:)``).
        mutating func line(_ step: Step, variables: [String: String], hosts: [String: StudyHost]) -> String {
            Self.memoized(step, in: &lines) { $0.commandLine(variables: variables, hosts: hosts) }
        }

        /// `undo+=(…)` of the teardown step `step`, run through `retry` (its own line, quoted as one word).
        mutating func undoEntry(_ step: Step, variables: [String: String], hosts: [String: StudyHost]) -> String {
            let line = line(step, variables: variables, hosts: hosts)
            return Self.memoized(step, in: &undoEntries) { _ in "undo+=(\(ShellWord.quote("retry " + line)))\n" }
        }

        /// What `make` makes of `step`, kept in `memo` by the step's ``StepLineKey``.
        private static func memoized(_ step: Step, in memo: inout [StepLineKey: String], _ make: (Step) -> String) -> String {
            guard let key = StepLineKey(step) else { return make(step) }
            if let known = memo[key] { return known }
            let made = make(step)
            memo[key] = made
            return made
        }

        /// Whether some step of `steps` holds `@{workload_device}`.
        mutating func namesWorkloadDevice(_ steps: [Step]) -> Bool {
            // A byte scan for `@{` first: `contains(_:)` on strings goes through Foundation.
            func scan() -> Bool {
                steps.contains { $0.argv.contains { $0.containsMarker("@") && $0.contains(Placeholder.workloadDevice) } }
            }
            guard let address = steps.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else { return false }
            if let known = namesDevice[address] { return known }
            let names = scan()
            namesDevice[address] = names
            return names
        }
    }

    /// Enters the cell `id`: its comment, its `.partial` directory, and the workload's device when a step names it.
    private func enter(_ id: String, _ cell: CellRow, _ lines: inout LineMemo, to out: inout RenderSink) {
        let quoted = ShellWord.quote(id)
        out.write("\n# Cell ")
        out.write(quoted)
        out.write(" → ")
        out.write(ShellWord.quote(cell.resultPath))
        if let mark = states[id], mark != .pending { out.write(" (\(mark.rawValue): rerun)") }
        out.write("\ncell=\"$results\"/\(RunLayout.partial)/")
        out.write(quoted)
        out.write("\nrm -rf -- \"$cell\"\nmkdir -p -- \"$cell\"\n")
        if lines.namesWorkloadDevice(cell.steps) {
            // As the runner: the block device of the mount holding the workload's directory.
            let option = cell.steps.first { $0.kind == .workload }?.argv.last { $0.hasPrefix("--directory=") }
            let directory = option.map { ShellWord.script(String($0.dropFirst("--directory=".count))) } ?? "\"$cell\""
            out.write(
                "\(Placeholder.workloadDeviceName)=$(basename -- \"$(readlink -f -- "
                    + "\"/sys/dev/block/$(findmnt -n -o MAJ:MIN -T \(directory))\")\")\n")
        }
    }

    /// `steps` as commands: of `group` (whose teardown a setup step's undo entry names), or of the run (`nil`).
    private func commands(
        _ steps: [Step], of group: GroupRow?, resultPath: String, variables: [String: String], _ lines: inout LineMemo,
        to out: inout RenderSink
    ) {
        let hosts = hosts
        func line(_ step: Step) -> String { lines.line(step, variables: variables, hosts: hosts) }
        var collectors = 0
        for step in steps {
            switch step.kind {
            case .publish:
                // Bytes, not characters: a '/' followed by a combining mark is one Character.
                if let slash = resultPath.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    out.write("mkdir -p -- \"$results\"/")
                    out.write(ShellWord.quote(String(resultPath[..<slash])))
                    out.write(byte: UInt8(ascii: "\n"))
                }
                out.write("mv -T -- \"$cell\" \"$results\"/")
                out.write(ShellWord.quote(resultPath))
                out.write(byte: UInt8(ascii: "\n"))
                continue
            case .collector:
                if let stdout = step.stdout, let slash = stdout.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    out.write("mkdir -p -- \"$cell\"/")
                    out.write(ShellWord.quote(String(stdout[..<slash])))
                    out.write(byte: UInt8(ascii: "\n"))
                }
                out.write(line(step))
                out.write(" &\ncollectors+=(\"$!\")\n")
                collectors += 1
                continue
            default:
                break
            }
            // Inputs (the clients' job files) are written with their placeholders expanded by bash, never read as code.
            for file in step.inputs ?? [] {
                out.write("printf '%s' \(ShellWord.script(file.content, variables: variables)) > \"$cell\"/\(ShellWord.quote(file.name))\n")
            }
            if step.kind == .teardown { out.write("retry ") }
            out.write(line(step))
            out.write(byte: UInt8(ascii: "\n"))
            if step.kind == .workload, collectors > 0 {
                out.write("stop_collectors\n")
                collectors = 0
            }
            if step.kind == .setup, let resource = step.resource,
                let teardown = group?.teardown.first(where: { $0.resource == resource })
            {
                out.write(lines.undoEntry(teardown, variables: variables, hosts: hosts))
            }
            if step.kind == .teardown, step.resource != nil, group?.setup.contains(where: { $0.resource == step.resource }) == true {
                out.write("unset 'undo[-1]'\n")
            }
        }
        if collectors > 0 { out.write("stop_collectors\n") }
    }

    /// Placeholder name → the script's variable for it: the run's own (``ShellWord/runVariables``) and one per
    /// scratch disk. The runner binds the same names (scratch disks first, so `run`, `cell`, `files` win).
    static func variables(_ plan: Plan) -> [String: String] {
        var variables: [String: String] = [:]
        for (index, disk) in plan.scratch.enumerated() { variables[disk.name] = scratchVariable(disk, index: index) }
        variables[Placeholder.workloadDeviceName] = Placeholder.workloadDeviceName
        return variables.merging(ShellWord.runVariables) { $1 }
    }

    /// The variable holding scratch disk `disk`'s loop device: its name when that is `scratchN` (what the
    /// planner makes), else `scratch_disk_INDEX` (a hand-edited plan's name never becomes script text).
    static func scratchVariable(_ disk: ScratchDisk, index: Int) -> String {
        let digits = disk.name.utf8.dropFirst("scratch".count)
        let planned =
            disk.name.hasPrefix("scratch") && !digits.isEmpty
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return planned ? disk.name : "scratch_disk_\(index)"
    }

    /// A here-document delimiter that occurs nowhere in `content` (NUL bytes left out: bash drops them from
    /// the script, and would end the document at a line that differs from the delimiter only by one).
    static func delimiter(for content: String) -> String {
        let text = content.utf8.contains(0) ? String(decoding: content.utf8.filter { $0 != 0 }, as: UTF8.self) : content
        var delimiter = "IOSWEEP_FILE"
        var n = 1
        while text.contains(delimiter) {
            delimiter = "IOSWEEP_FILE_\(n)"
            n += 1
        }
        return delimiter
    }
}
