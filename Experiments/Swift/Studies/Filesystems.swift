import SweepModel

extension ShippedExperiments {
    /// `Experiments/filesystems.yaml`: ext4, xfs, btrfs and ZFS on one scratch disk, the seed's workload; `when:`
    /// gives each cell one target, the file system or the pool, mounted at the same place.
    public static let filesystems = Experiment("filesystems") {
        Description("ext4, xfs, btrfs and ZFS on one disk, 8k O_SYNC writes, 1..4 fio threads")
        Disks.scratch(count: 1, size: "512M")
        Matrix {
            Axis("fs", ["ext4", "xfs", "btrfs", "zfs"])
            Axis("numjobs", [1, 2, 3, 4])
        }
        Filesystem(type: "${fs}", devices: "${disks}", mountOptions: ["noatime"], when: "${fs != 'zfs'}")
        Pool(
            "iosweep-filesystems", force: true,
            filesystemProperties: ["mountpoint": "${mountpoint}", "recordsize": "8k", "atime": "off"], when: "${fs == 'zfs'}"
        ) {
            Vdev(.stripe, "${disks}")
        }
        Fio(jobFile: "workload.fio", directory: "${mountpoint}", numjobs: "${numjobs}", size: "16M", runtime: 2)
        Iostat()
        Results("${fs}/${numjobs}-jobs")
    }
}
