/// A sampler that runs for the duration of the workload.
public struct Collector: Hashable, Sendable, Codable {
    public var kind: Kind
    /// Devices to sample (iostat, diskstats): any existing block device, listed in `disks` or not; `nil` samples
    /// the pool's devices, else `disks`, else the device under the workload directory (bound at run time).
    public var devices: Value?
    /// Seconds between samples.
    public var interval: Value
    /// iostat / mpstat output format.
    public var format: Format
    /// The argv of a `command` collector.
    public var argv: [Value]
    /// Name of a `command` collector (its output file is `<name>.txt`).
    public var name: String?
    /// A required collector that fails or exits early fails the cell, and one whose program is not on `PATH`
    /// refuses the run before anything is changed (exit 3). Default `false`: such a collector is a warning.
    public var required: Bool
    /// The cells the collector samples (as ``Pool/when``).
    public var when: Value?
    /// The hosts (names from `hosts`) the collector samples, one collector process on each: a name, a list, or an
    /// expression (`${hosts[1:1 + nclients]}`); `nil` is the controller. Their output files are `HOST/NAME.txt`.
    public var hosts: Value?

    public init(
        _ kind: Kind, devices: Value? = nil, interval: Value = 1, format: Format = .text,
        argv: [Value] = [], name: String? = nil, required: Bool = false, when: Value? = nil, hosts: Value? = nil
    ) {
        self.hosts = hosts
        self.when = when
        self.kind = kind
        self.devices = devices
        self.interval = interval
        self.format = format
        self.argv = argv
        self.name = name
        self.required = required
    }

    /// Which tool the collector runs.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case iostat
        case mpstat
        case vmstat
        case zpoolIostat = "zpool-iostat"
        /// iosweep's built-in sampler of `/proc/diskstats`.
        case diskstats
        case command
    }

    /// The output format asked of the tool: its text, or JSON where it can write it (`-o JSON`).
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        case text
        case json
    }
}
