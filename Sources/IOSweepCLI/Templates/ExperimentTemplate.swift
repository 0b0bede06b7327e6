/// The starting points `iosweep init` writes: a commented experiment file and its fio job file.
enum ExperimentTemplate: String, CaseIterable, Sendable {
    /// A ZFS study on scratch loop devices (switch to real devices by listing them under `disks`).
    case zfs
    /// fio in a scratch directory: no pool, no root, nothing destroyed.
    case directory

    /// The experiment file for a study named `name` (a slug).
    func experiment(named name: String) -> String {
        let text: String
        switch self {
        case .zfs: text = Self.zfsText
        case .directory: text = Self.directoryText
        }
        return text.replacingOccurrences(of: "NAME", with: name)
    }

    /// The fio job file the experiment refers to (`workload.fio`).
    static let jobFileName = "workload.fio"

    static let jobFile = """
        ; fio job file for iosweep. iosweep adds --directory, --numjobs, --size, --runtime, --output and
        ; --output-format=json+ on the command line, from the experiment's 'workload.fio' section.
        [global]
        group_reporting
        ioengine=psync
        rw=write
        blocksize=8k
        time_based
        iodepth=1
        direct=0
        sync=1

        [workload]

        """

    private static let zfsText = """
        # iosweep experiment. Check it:    iosweep validate NAME.yaml
        # See every command it would run:  iosweep plan NAME.yaml
        # The language is described in the README ("Experiment language").
        experiment: NAME
        description: 8k O_SYNC writes on ZFS pools of 1..2 disks, 1..4 fio threads

        # Devices the study may destroy. Scratch loop devices (sparse files, removed afterwards) let you
        # try it anywhere; for real disks write a list instead:  disks: [sdb, sdc, sdd]
        disks:
          scratch: { count: 2, size: 256M }

        # The cells: every combination of the axes' values. Axis names are usable in ${…} expressions.
        matrix:
          ndisks: [1, 2]
          numjobs: [1, 2, 4]
          # repeat: 3                  # run every cell 3 times

        # The pool built for each cell (recreate: per-cell | per-group | once).
        pool:
          name: NAME
          vdevs: ${disks[:ndisks]}     # a stripe of the first ndisks disks; or [{mirror: [...]}, …]
          force: true
          recreate: per-cell

        datasets:
          - name: NAME/data
            properties: { recsize: 8k }

        workload:
          fio:
            job-file: workload.fio     # relative to this file
            directory: /NAME/data
            numjobs: ${numjobs}
            size: ${64 / numjobs}M
            runtime: 2

        # Samplers running while fio runs; iostat samples the pool's disks.
        collectors:
          - iostat:
              devices: ${disks[:ndisks]}
              interval: 1

        # Where each cell's output goes, under the results directory.
        results: ${ndisks}-disks/${numjobs}-jobs

        """

    private static let directoryText = """
        # iosweep experiment: fio in a scratch directory; no pool, no root needed, nothing destroyed.
        # Check it:                        iosweep validate NAME.yaml
        # See every command it would run:  iosweep plan NAME.yaml
        # The language is described in the README ("Experiment language").
        experiment: NAME
        description: 8k O_SYNC writes in a directory, 1..4 fio threads

        # The cells: every combination of the axes' values. Axis names are usable in ${…} expressions.
        matrix:
          numjobs: [1, 2, 4]

        workload:
          fio:
            job-file: workload.fio     # relative to this file
            directory: /tmp/iosweep-NAME
            numjobs: ${numjobs}
            size: ${32 / numjobs}M
            runtime: 2

        collectors:
          - vmstat

        # argv lists (never shell strings) run around the study and around each cell.
        hooks:
          before-run: [[mkdir, -p, /tmp/iosweep-NAME]]
          after-run: [[rm, -rf, /tmp/iosweep-NAME]]

        results: ${numjobs}-jobs

        """
}
