/// The experiment language: every mapping, its keys and their shapes.
public enum LanguageSchema {
    static let scratch = ObjectShape(
        name: "scratch",
        fields: [
            .required("count", .literalInteger(minimum: 1), "how many loop devices to make"),
            .required("size", .literalSize, "size of each sparse backing file (`256M`, `1G`)"),
            .optional("dir", .text, "where the backing files go; default: the run directory's `.scratch/`"),
        ])

    static let scratchDisks = ObjectShape(
        name: "disks",
        fields: [
            .required("scratch", .object(scratch), "file-backed loop devices made for the run")
        ])

    static let host = ObjectShape(
        name: "host",
        fields: [
            .required("name", .slug, "the name steps, collectors and `workload.fio.clients` use"),
            .optional("address", .text, "the address fio's `--client=` connects to; default the host part of `ssh`"),
            .optional("ssh", .text, "the `ssh` destination (`root@10.20.0.2`); none is the controller itself"),
            .optional("ssh-options", .argv, "more `ssh` arguments (`[-i, keys/id_ed25519, -p, \"2222\"]`)"),
            .optional("fio-port", .literalInteger(minimum: 1), "the port of the host's `fio --server`; default 8765"),
        ])

    /// A host name, a list of host names, or an expression giving them.
    static let hostNames = Shape.anyOf([.text, .list(.text, unique: true)])

    static let disks = Shape.anyOf([.list(.text, unique: true), .object(scratchDisks)])

    static let repeatUntil = ObjectShape(
        name: "until",
        fields: [
            .required("metric", .text, "the metric whose mean must be precise (`write.iops`)"),
            .required("ci-halfwidth", .quantity, "the 95 % confidence interval's half-width, a percentage of the mean (`5%`)"),
        ])

    static let repeatObject = ObjectShape(
        name: "repeat",
        fields: [
            .optional("count", .literalInteger(minimum: 1), "how many times every cell runs"),
            .optional("after", .text, "place the repeat axis right after this axis (`\"\"`: outermost)"),
            .optional("min", .literalInteger(minimum: 2), "with `until`: repeats that always run; default 3"),
            .optional("max", .literalInteger(minimum: 2), "with `until`: the most repeats that run"),
            .optional("until", .object(repeatUntil), "repeat until the metric is precise (adaptive)"),
        ],
        exclusive: [["count", "max"]])

    static let latencyAbove = ObjectShape(
        name: "latency-above",
        fields: [
            .required("metric", .text, "the metric compared, a latency `report` knows (`write.clat.p99`)"),
            .required("value", .quantity, "the limit (`10ms`, `500us`)"),
        ])

    static let stopRule = ObjectShape(
        name: "stop",
        fields: [
            .required("axis", .text, "the axis walked in declared order, per combination of the other axes"),
            .optional("metric", .text, "the metric `gain-below` compares (`write.iops`)"),
            .optional("gain-below", .quantity, "a value no better than the best so far by this percentage counts (`5%`)"),
            .optional(
                "latency-above", .anyOf([.quantity, .object(latencyAbove)]),
                "a value whose metric is above this limit counts: `{metric: write.clat.p99, value: 10ms}`"),
            .optional("for", .literalInteger(minimum: 1), "counting values in a row that skip the rest of the axis; default 1"),
        ],
        exclusive: [["gain-below", "latency-above"]])

    static let search = ObjectShape(
        name: "search",
        fields: [
            .required("parameter", .text, "the fio option searched (`rate_iops`, `numjobs`, `iodepth`): the probes' axis"),
            .required("range", .list(.literalInteger(minimum: 1), minItems: 2), "`[LOWER, UPPER]`, whole numbers, both included"),
            .optional("maximize", .text, "the metric reported for the answer (`write.iops`)"),
            .required(
                "subject-to", .anyOf([.text, .list(.text, minItems: 1)]),
                "what a feasible probe meets: `\"write.clat.p99 <= 2ms\"`, or a list of them"),
            .optional("tolerance", .quantity, "neighbouring probes at most this far apart; default 5%"),
        ])

    static let steadyState = ObjectShape(
        name: "steady-state",
        fields: [
            .required("metric", .text, "the metric that must settle (`write.iops`)"),
            .optional("window", .literalInteger(minimum: 2), "rounds in the measurement window; default 5"),
            .required("range", .quantity, "the most max − min over the window may be, a percentage of its mean (`20%`)"),
            .required("slope", .quantity, "the most |slope| × window may be, a percentage of the mean (`10%`)"),
            .required("max-rounds", .literalInteger(minimum: 2), "the most rounds that run"),
        ])

    /// Keys of `matrix` that are not axes.
    static let matrixKeywords: Set<String> = ["include", "exclude", "repeat", "stop", "order", "seed"]

    static let matrix = ObjectShape(
        name: "matrix",
        fields: [
            .optional("include", .list(.settings), "extra combinations; may carry keys that are not axes"),
            .optional("exclude", .list(.settings), "partial assignments; matching cells are dropped"),
            .optional("repeat", .anyOf([.literalInteger(minimum: 1), .object(repeatObject)]), "run every cell N times"),
            .optional("stop", .object(stopRule), "skip the rest of an axis once a metric saturates (adaptive)"),
            .optional("order", .enumeration(Matrix.Order.allCases.map(\.rawValue)), "run order of the cells"),
            .optional("seed", .literalInteger(minimum: 0), "seed of `order: shuffle`"),
        ],
        additional: .list(.value, minItems: 1, unique: true))

    static let vdevGroup = ObjectShape(
        name: "vdev group",
        fields: Vdev.Layout.allCases.map { .optional($0.rawValue, .value, "devices of a \($0.rawValue) vdev") },
        exactlyOne: true)

    /// A stripe (scalar or list of device names) or a list of groups.
    static let vdevs = Shape.anyOf([.scalar, .list(.anyOf([.scalar, .object(vdevGroup)]), minItems: 1)])

    static let pool = ObjectShape(
        name: "pool",
        fields: [
            .required("name", .text, "pool name"),
            .required("vdevs", vdevs, "data vdevs: a stripe expression or list, or `mirror`/`raidz*` groups"),
            .optional("log", vdevs, "log (SLOG) vdevs"),
            .optional("cache", vdevs, "cache (L2ARC) devices"),
            .optional("special", vdevs, "special allocation class vdevs"),
            .optional("force", .boolean, "`zpool create -f`"),
            .optional("properties", .settings, "pool properties (`-o name=value`)"),
            .optional("filesystem-properties", .settings, "root dataset properties (`-O name=value`)"),
            .optional("recreate", .enumeration(Pool.Recreate.allCases.map(\.rawValue)), "when the pool is destroyed and created again"),
            .optional("when", condition, "the cells that have the pool: true, false or a ${…} condition; default every cell"),
            .optional("host", .text, "the host (from `hosts`) the pool is built on, over ssh; default the controller"),
        ])

    static let filesystem = ObjectShape(
        name: "filesystem",
        fields: [
            .required("type", .text, "`ext4`, `xfs` or `btrfs`, or an expression giving one (`${fs}`)"),
            .required("devices", .value, "devices from `disks`: one for ext4 and xfs, one or more for btrfs (`${disks[:ndisks]}`)"),
            .optional("mkfs-options", .argv, "more `mkfs.TYPE` arguments (`[-m, crc=1]`)"),
            .optional("mount-options", .argv, "`mount -o` options, joined with commas (`[noatime]`)"),
            .optional("mountpoint", .text, "where it is mounted; default `.mnt` in the results directory"),
            .optional("recreate", .enumeration(Pool.Recreate.allCases.map(\.rawValue)), "when it is made again, as a pool's"),
            .optional("when", condition, "the cells that have it: true, false or a ${…} condition; default every cell"),
            .optional("host", .text, "the host (from `hosts`) it is made on, over ssh; default the controller"),
        ])

    static let dataset = ObjectShape(
        name: "dataset",
        fields: [
            .required("name", .text, "dataset name (`tank/dozer`)"),
            .optional("properties", .settings, "`zfs create -o name=value`"),
            .optional("when", condition, "the cells that have the dataset: true, false or a ${…} condition; default every cell"),
        ])

    static let fio = ObjectShape(
        name: "fio",
        fields: [
            .optional("job-file", .text, "fio job file, relative to the experiment file"),
            .optional("job", .text, "inline job file text"),
            .optional("directory", .text, "`--directory`"),
            .optional(
                "devices", .value,
                "block devices from `disks` fio runs on (`--filename=/dev/sdb:/dev/sdc`); a writing workload destroys them"),
            .optional("numjobs", .integer(minimum: 1), "`--numjobs`"),
            .optional("size", .size, "`--size`"),
            .optional("runtime", .integer(minimum: 1), "`--runtime`, seconds"),
            .optional("output-format", .text, "`--output-format`; default `json+`"),
            .optional("clients", hostNames, "load-generating hosts (from `hosts`): `fio --client=HOST JOBFILE` for each"),
            .optional(
                "servers", .enumeration(FioServers.allCases.map(\.rawValue)),
                "`managed` (iosweep starts and stops each client's `fio --server`, default) or `external`"),
        ],
        additional: .value,
        exclusive: [["job-file", "job"], ["devices", "directory"], ["devices", "filename"]])

    static let commandWorkloadObject = ObjectShape(
        name: "command",
        fields: [
            .required("argv", .argv, "the command and its arguments"),
            .optional("runtime", .integer(minimum: 1), "expected duration in seconds"),
        ])

    static let workload = ObjectShape(
        name: "workload",
        fields: [
            .optional("fio", .object(fio), "an fio run"),
            .optional("command", .anyOf([.argv, .object(commandWorkloadObject)]), "any other load generator"),
        ],
        exactlyOne: true)

    static func collectorFields(_ kind: Collector.Kind) -> [ObjectShape.Field] {
        var fields: [ObjectShape.Field] = []
        if kind == .command {
            fields.append(.required("argv", .argv, "the sampler command"))
            fields.append(.optional("name", .slug, "output file name (`<name>.txt`)"))
        }
        if kind == .iostat || kind == .diskstats {
            fields.append(
                .optional(
                    "devices", .value,
                    "devices to observe, any existing block device (not only `disks`); default: the pool's devices, else `disks`, else the device under the workload directory"
                ))
        }
        fields.append(.optional("interval", .integer(minimum: 1), "seconds between samples; default 1"))
        if kind == .iostat || kind == .mpstat {
            fields.append(.optional("format", .enumeration(Collector.Format.allCases.map(\.rawValue)), "output format; default text"))
        }
        fields.append(
            .optional("required", .boolean, "default false; a collector that fails fails the cell, and a missing program refuses the run"))
        fields.append(.optional("when", condition, "the cells the collector samples: true, false or a ${…} condition; default every cell"))
        fields.append(.optional("host", .text, "the host (from `hosts`) it samples, over ssh; default the controller"))
        fields.append(.optional("hosts", hostNames, "several hosts, one collector on each (`${hosts[1:]}`)"))
        return fields
    }

    /// A `when:` condition: a boolean, or text with a `${…}` expression.
    static let condition = Shape.anyOf([.boolean, .text])

    static func collectorObject(_ kind: Collector.Kind) -> ObjectShape {
        ObjectShape(name: kind.rawValue, fields: collectorFields(kind))
    }

    static let collector = ObjectShape(
        name: "collector",
        fields: Collector.Kind.allCases.map {
            .optional($0.rawValue, .object(collectorObject($0)), "the \($0.rawValue) collector")
        },
        exactlyOne: true)

    /// A collector: `{iostat: {…}}`, or a bare kind name (`- mpstat`) for the defaults.
    static let collectorEntry = Shape.anyOf([
        .enumeration(Collector.Kind.allCases.filter { $0 != .command }.map(\.rawValue)), .object(collector),
    ])

    static let hookCommands = Shape.anyOf([.argv, .list(.argv)])

    static let hooks = ObjectShape(
        name: "hooks",
        fields: [
            .optional("before-run", hookCommands, "commands run once before the first cell"),
            .optional("before-cell", hookCommands, "commands run before every cell"),
            .optional("after-cell", hookCommands, "commands run after every cell"),
            .optional("after-run", hookCommands, "commands run once after the last cell"),
            .optional("host", .text, "the host (from `hosts`) the hooks run on, over ssh; default the controller"),
        ])

    static let experiment = ObjectShape(
        name: "experiment file",
        fields: [
            .required("experiment", .slug, "the study's name"),
            .optional("description", .text, "one line saying what the study measures"),
            .optional("disks", disks, "devices the study may destroy, or scratch loop devices"),
            .optional("hosts", .list(.object(host)), "machines the study uses besides this one, reached over ssh"),
            .optional("matrix", .object(matrix), "named axes whose cartesian product gives the cells"),
            .optional("pool", .object(pool), "the ZFS pool built for the cells"),
            .optional("datasets", .list(.object(dataset)), "datasets created in the pool"),
            .optional("filesystem", .object(filesystem), "a file system made for each cell on `disks`: ext4, xfs or btrfs"),
            .required("workload", .object(workload), "what runs in each cell"),
            .optional("collectors", .list(collectorEntry), "samplers running alongside the workload"),
            .optional("hooks", .object(hooks), "argv lists run around the study and each cell"),
            .optional("results", .text, "cell directory template (`${ndisks}-disks/${numjobs}-jobs`)"),
            .optional("sudo", .boolean, "prefix privileged commands with sudo"),
            .optional("wipe", .boolean, "allow destroying devices that carry a signature"),
            .optional("search", .object(search), "find the best feasible value of a parameter instead of an axis (adaptive)"),
            .optional("steady-state", .object(steadyState), "run rounds of each cell until the metric is steady (adaptive)"),
        ])
}
