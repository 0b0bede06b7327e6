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
    /// Builds `zpool create [-f] [-o k=v…] [-O k=v…] -O iosweep:run=@{run} NAME VDEVS [log …] [cache …] [special …]`,
    /// the datasets, their teardown and the record steps.
    mutating func poolSteps(_ env: [String: Value]) -> PoolSteps? {
        var out = PoolSteps()
        var ok = true
        // A cell outside the pool's `when` has neither the pool nor its datasets.
        if let pool = experiment.pool {
            guard let holds = resolver.condition(pool.when, at: FieldPath("pool") / "when", in: env) else { return nil }
            if !holds { return out }
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
        return ok ? out : nil
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
}
