import SweepModel

/// The resolved pool and datasets of one cell: setup steps paired with teardown steps, and records.
struct PoolSteps: Hashable, Sendable {
    /// `zpool create`, then `zfs create` per dataset.
    var setup: [Step] = []
    /// Reverse of `setup`: `zpool destroy` (which takes the pool's datasets with it), or, without a pool,
    /// `zfs destroy -f` per dataset.
    var teardown: [Step] = []
    /// `zpool status`, `zfs get all` into the cell directory.
    var records: [Step] = []
    /// Every device the pool is built from (symbolic names for scratch disks), in spec order.
    var devices: [String] = []
    var poolName: String?
}

extension StepBuilder {
    /// `steps` with every step placed on the storage host: the pool's and file system's commands and records run
    /// where their disks are.
    func onStorageHost(_ steps: PoolSteps) -> PoolSteps {
        guard let host = experiment.storageHost else { return steps }
        var out = steps
        for keyPath in [\PoolSteps.setup, \PoolSteps.teardown, \PoolSteps.records] {
            for index in out[keyPath: keyPath].indices { out[keyPath: keyPath][index].host = host }
        }
        return out
    }

    /// Builds `zpool create [-f] [-o k=v…] [-O k=v…] -O iosweep:run=@{run} NAME VDEVS [log …] [cache …] [special …]`,
    /// the datasets, their teardown and the record steps.
    mutating func poolSteps(_ env: [String: Value]) -> PoolSteps? {
        var out = PoolSteps()
        var ok = true
        // A cell outside the pool's `when` has neither the pool nor its datasets (it may have the file system).
        if let pool = experiment.pool {
            guard let holds = resolver.condition(pool.when, at: FieldPath("pool") / "when", in: env) else { return nil }
            if !holds { return filesystemSteps(env, besides: PoolSteps()) }
        }
        if let pool = experiment.pool {
            let path = FieldPath("pool")
            guard let name = resolver.text(.string(pool.name), at: path / "name", in: env) else { return nil }
            if let problem = ZFSName.poolProblem(name) {
                resolver.sink.error(
                    "pool name '\(ControlCharacters.visible(name))' of cell \(resolver.cellID) \(problem)", at: path / "name",
                    hint: ZFSName.hint, key: "name \(name)")
                return nil
            }
            out.poolName = name
            var argv = privileged(["zpool", "create"])
            if pool.force { argv.append("-f") }
            for entry in pool.properties {
                guard let v = resolver.text(entry.value, at: path / "properties" / entry.name, in: env) else { ok = false; continue }
                argv += ["-o", "\(entry.name)=\(v)"]
            }
            for entry in pool.filesystemProperties {
                guard let v = resolver.text(entry.value, at: path / "filesystem-properties" / entry.name, in: env) else {
                    ok = false; continue
                }
                argv += ["-O", "\(entry.name)=\(v)"]
            }
            argv += ["-O", "iosweep:run=\(Placeholder.run)", name]
            var used = Set<String>()
            let classes: [(keyword: String?, key: String, vdevs: [Vdev])] = [
                (nil, "vdevs", pool.vdevs), ("log", "log", pool.log), ("cache", "cache", pool.cache),
                ("special", "special", pool.special),
            ]
            for (keyword, key, vdevs) in classes where !vdevs.isEmpty {
                if let keyword { argv.append(keyword) }
                for (i, vdev) in vdevs.enumerated() {
                    let at = path / key / i
                    guard let devices = resolver.items(vdev.devices, at: at, in: env) else { ok = false; continue }
                    if devices.isEmpty {
                        resolver.sink.error("'\(key)[\(i)]' resolves to no devices (cell \(resolver.cellID))", at: at, key: "empty")
                        ok = false
                    }
                    if vdev.layout != .stripe {
                        if keyword == "cache" {
                            resolver.sink.error(
                                "cache devices cannot be \(vdev.layout.rawValue)", at: at, hint: "list cache devices as a plain stripe")
                            ok = false
                        }
                        argv.append(vdev.layout.rawValue)
                    }
                    for device in devices {
                        guard let argument = allowedDevice(device, at: at) else { ok = false; continue }
                        if !used.insert(device).inserted {
                            resolver.sink.error(
                                "device '\(device)' is used twice in the pool (cell \(resolver.cellID))", at: at, key: "twice \(device)")
                            ok = false
                        }
                        out.devices.append(device)
                        argv.append(argument)
                    }
                }
            }
            if pool.vdevs.isEmpty {
                resolver.sink.error(
                    "the pool has no vdevs", at: path / "vdevs", hint: "list the data devices, e.g. vdevs: ${disks[:ndisks]}")
                ok = false
            }
            out.setup.append(Step(.setup, argv: argv, resource: .pool(name), timeout: StepTimeouts.resource))
            out.teardown.append(
                Step(.teardown, argv: privileged(["zpool", "destroy", name]), resource: .pool(name), timeout: StepTimeouts.resource))
            out.records.append(
                Step(.record, argv: privileged(["zpool", "status", name]), stdout: "zpool-status.txt", timeout: StepTimeouts.record))
        }
        var datasetNames: [String] = []
        for (i, dataset) in experiment.datasets.enumerated() {
            let path = FieldPath("datasets") / i
            guard let holds = resolver.condition(dataset.when, at: path / "when", in: env) else { ok = false; continue }
            if !holds { continue }
            guard let name = resolver.text(.string(dataset.name), at: path / "name", in: env) else { ok = false; continue }
            if let problem = ZFSName.datasetProblem(name) {
                resolver.sink.error(
                    "dataset name '\(ControlCharacters.visible(name))' of cell \(resolver.cellID) \(problem)", at: path / "name",
                    hint: ZFSName.hint, key: "name \(name)")
                ok = false
                continue
            }
            if let pool = out.poolName, name != pool, !name.hasPrefix(pool + "/") {
                resolver.sink.error("dataset '\(name)' is not in pool '\(pool)'", at: path / "name", hint: "name it '\(pool)/…'")
                ok = false
            }
            var argv = privileged(["zfs", "create"])
            for entry in dataset.properties {
                guard let v = resolver.text(entry.value, at: path / "properties" / entry.name, in: env) else { ok = false; continue }
                argv += ["-o", "\(entry.name)=\(v)"]
            }
            argv.append(name)
            datasetNames.append(name)
            out.setup.append(Step(.setup, argv: argv, resource: .dataset(name), timeout: StepTimeouts.resource))
            // A dataset in the plan's own pool goes with `zpool destroy`: a separate `zfs destroy` right after
            // the workload fails on zfs-fuse ("dataset is busy", even with -f). Only datasets made in an
            // existing pool are destroyed one by one.
            if out.poolName == nil {
                out.teardown.insert(
                    Step(
                        .teardown, argv: privileged(["zfs", "destroy", "-f", name]), resource: .dataset(name),
                        timeout: StepTimeouts.resource),
                    at: 0)
            }
        }
        if !datasetNames.isEmpty {
            out.records.append(
                Step(.record, argv: privileged(["zfs", "get", "all"] + datasetNames), stdout: "zfs-get.txt", timeout: StepTimeouts.record))
        }
        guard ok else { return nil }
        return filesystemSteps(env, besides: out)
    }

    /// A device a collector observes, as its argv word: a scratch disk's placeholder, or the device as written
    /// (any block device: `disks` lists only what may be destroyed; the runner checks it exists). A name that
    /// would read as an option (`-h`) or is empty is a located error.
    mutating func observedDevice(_ device: String, at path: FieldPath) -> String? {
        if scratchNames.contains(device) { return Placeholder.scratch(device) }
        guard !device.isEmpty, !device.hasPrefix("-"),
            Self.isPlainDeviceName(device) || (!device.contains("@{") && !device.contains(where: \.isWhitespace))
        else {
            resolver.sink.error(
                "'\(device)' is not a device name (cell \(resolver.cellID))", at: path,
                hint: "name a block device: vda, nvme0n1, /dev/disk/by-id/…", key: "device \(device)")
            return nil
        }
        return device
    }

    /// Whether `device` is printable ASCII other than space and holds no `@{`: then it has neither a placeholder nor
    /// whitespace, checked byte by byte (other text is checked by characters).
    private static func isPlainDeviceName(_ device: String) -> Bool {
        var previous: UInt8 = 0
        for byte in device.utf8 {
            guard byte > 0x20, byte < 0x7F, !(previous == UInt8(ascii: "@") && byte == UInt8(ascii: "{")) else { return false }
            previous = byte
        }
        return true
    }

    /// The argv form of a pool device: the name itself, or `@{scratchN}` for a scratch disk.
    /// Reports a device outside the `disks` allowlist.
    mutating func allowedDevice(_ device: String, at path: FieldPath) -> String? {
        if scratchNames.contains(device) { return Placeholder.scratch(device) }
        let bare = Disks.bareName(device)
        if allowlist.contains(device) || allowlist.contains(bare) || allowlist.contains("/dev/" + bare) { return device }
        resolver.sink.error(
            "device '\(device)' is not listed in disks (cell \(resolver.cellID))", at: path,
            hint: experiment.disks.names.isEmpty
                ? "disks is the allowlist of devices this experiment may destroy, and it is empty: add disks: [\(bare)]"
                : "disks is the allowlist of devices this experiment may destroy: \(experiment.disks.names.joined(separator: ", "))",
            key: "allow \(device)")
        return nil
    }

    /// The cell's file system when the experiment has one and its `when` holds, else `pool` (the cell's pool and
    /// datasets, maybe none); `nil` (reported) when it cannot be built, or when both apply (a cell has one target).
    private mutating func filesystemSteps(_ env: [String: Value], besides pool: PoolSteps) -> PoolSteps? {
        guard let filesystem = experiment.filesystem else { return pool }
        let path = FieldPath("filesystem")
        guard let holds = resolver.condition(filesystem.when, at: path / "when", in: env) else { return nil }
        guard holds else { return pool }
        if pool.poolName != nil || !pool.setup.isEmpty {
            resolver.sink.error(
                "cell \(resolver.cellID) has two targets, the pool and the file system", at: path / "when",
                hint: "give them exclusive conditions: when: ${fs == 'zfs'} and when: ${fs != 'zfs'}", key: "two targets")
            return nil
        }
        return filesystemSteps(filesystem, env)
    }

    /// The file system of one cell: `mkfs.TYPE` with the run's label on its devices, `mount --mkdir`, the
    /// records (`findmnt`, `blkid`, and `dumpe2fs -h`, `xfs_info` or `btrfs filesystem show`), `umount`.
    private mutating func filesystemSteps(_ filesystem: Filesystem, _ env: [String: Value]) -> PoolSteps? {
        let path = FieldPath("filesystem")
        guard let type = resolver.text(filesystem.type, at: path / "type", in: env) else { return nil }
        guard let kind = Filesystem.Kind(rawValue: type) else {
            resolver.sink.error(
                "file system type '\(type)' of cell \(resolver.cellID) is not one iosweep makes", at: path / "type",
                hint: "write one of \(Filesystem.Kind.allCases.map(\.rawValue).joined(separator: ", "))", key: "type \(type)")
            return nil
        }
        guard let names = resolver.items(filesystem.devices, at: path / "devices", in: env) else { return nil }
        guard !names.isEmpty, kind.takesSeveralDevices || names.count == 1 else {
            resolver.sink.error(
                "\(kind.rawValue) is made on one device, not \(names.count) (cell \(resolver.cellID))", at: path / "devices",
                hint: kind.takesSeveralDevices ? "name at least one disk" : "btrfs spans several devices; ext4 and xfs take one",
                key: "count \(names.count)")
            return nil
        }
        var devices: [String] = []
        for name in names {
            guard let argument = allowedDevice(name, at: path / "devices") else { return nil }
            devices.append(argument.hasPrefix("/") || argument.hasPrefix("@{") ? argument : "/dev/" + argument)
        }
        guard let mkfsOptions = resolver.argv(filesystem.mkfsOptions, at: path / "mkfs-options", in: env),
            let mountOptions = resolver.argv(filesystem.mountOptions, at: path / "mount-options", in: env)
        else { return nil }
        let mountpoint = filesystem.mountpointPath
        let force = kind == .ext4 ? "-F" : "-f"
        var out = PoolSteps()
        out.devices = names
        out.setup.append(
            Step(
                .setup, argv: privileged(["mkfs.\(kind.rawValue)", force, "-q", "-L", Placeholder.label] + mkfsOptions + devices),
                timeout: StepTimeouts.resource))
        out.setup.append(
            Step(
                .setup,
                argv: privileged(
                    ["mount", "--mkdir"] + (mountOptions.isEmpty ? [] : ["-o", mountOptions.joined(separator: ",")]) + [
                        devices[0], mountpoint,
                    ]),
                resource: .filesystem(mountpoint), timeout: StepTimeouts.resource))
        out.teardown.append(
            Step(.teardown, argv: privileged(["umount", mountpoint]), resource: .filesystem(mountpoint), timeout: StepTimeouts.resource))
        out.records.append(
            Step(
                .record, argv: ["findmnt", "-n", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS", mountpoint], stdout: "mount.txt",
                timeout: StepTimeouts.record))
        out.records.append(Step(.record, argv: privileged(["blkid", "-p"] + devices), stdout: "blkid.txt", timeout: StepTimeouts.record))
        let detail: (argv: [String], file: String) =
            switch kind {
            case .ext4: (["dumpe2fs", "-h", devices[0]], "dumpe2fs.txt")
            case .xfs: (["xfs_info", mountpoint], "xfs-info.txt")
            case .btrfs: (["btrfs", "filesystem", "show", mountpoint], "btrfs-show.txt")
            }
        out.records.append(Step(.record, argv: privileged(detail.argv), stdout: detail.file, timeout: StepTimeouts.record))
        return out
    }
}
