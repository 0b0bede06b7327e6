import SweepModel

extension ShippedExperiments {
    /// `Experiments/raw.yaml`: bench-fio's classic sweep on one raw scratch device; the writing cells destroy it.
    public static let raw = Experiment("raw-device") {
        Description("randread and randwrite, 4k and 64k, iodepth 1, 8 and 32, on one raw device")
        Disks.scratch(count: 1, size: "256M")
        Matrix {
            Axis("rw", ["randread", "randwrite"])
            Axis("bs", ["4k", "64k"])
            Axis("iodepth", [1, 8, 32])
        }
        Fio(
            job: "[raw]\nioengine=libaio\ndirect=1\ntime_based\ngroup_reporting\n", devices: "${disks}", runtime: 2,
            options: ["rw": "${rw}", "bs": "${bs}", "iodepth": "${iodepth}"])
        Iostat()
        Results("${rw}/${bs}/qd${iodepth}")
    }
}
