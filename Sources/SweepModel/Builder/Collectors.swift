/// Builder spellings of the collectors; each produces a plain `Collector`.

/// `- iostat: {devices, interval, format, required, when, hosts}`
public func Iostat(
    devices: Value? = nil, interval: Value = 1, format: Collector.Format = .text, required: Bool = false, when: Value? = nil,
    hosts: Value? = nil
) -> Collector {
    Collector(.iostat, devices: devices, interval: interval, format: format, required: required, when: when, hosts: hosts)
}

/// `- mpstat: {interval, format, required, when, hosts}`
public func Mpstat(
    interval: Value = 1, format: Collector.Format = .text, required: Bool = false, when: Value? = nil, hosts: Value? = nil
) -> Collector {
    Collector(.mpstat, interval: interval, format: format, required: required, when: when, hosts: hosts)
}

/// `- vmstat: {interval, required, when, hosts}`
public func Vmstat(interval: Value = 1, required: Bool = false, when: Value? = nil, hosts: Value? = nil) -> Collector {
    Collector(.vmstat, interval: interval, required: required, when: when, hosts: hosts)
}

/// `- zpool-iostat: {interval, required, when}`
public func ZpoolIostat(interval: Value = 1, required: Bool = false, when: Value? = nil) -> Collector {
    Collector(.zpoolIostat, interval: interval, required: required, when: when)
}

/// `- diskstats: {devices, interval, required, when}` — the built-in /proc/diskstats sampler.
public func Diskstats(devices: Value? = nil, interval: Value = 1, required: Bool = false, when: Value? = nil) -> Collector {
    Collector(.diskstats, devices: devices, interval: interval, required: required, when: when)
}

/// `- command: {argv, name, interval, required, when}` — any sampler command.
public func CommandCollector(
    _ argv: [Value], name: String? = nil, interval: Value = 1, required: Bool = false, when: Value? = nil
) -> Collector {
    Collector(.command, interval: interval, argv: argv, name: name, required: required, when: when)
}
