/// Builder spellings of the collectors; each produces a plain `Collector`.

/// `- iostat: {devices, interval, format, required}`
public func Iostat(devices: Value? = nil, interval: Value = 1, format: Collector.Format = .text, required: Bool = false) -> Collector {
    Collector(.iostat, devices: devices, interval: interval, format: format, required: required)
}

/// `- mpstat: {interval, format, required}`
public func Mpstat(interval: Value = 1, format: Collector.Format = .text, required: Bool = false) -> Collector {
    Collector(.mpstat, interval: interval, format: format, required: required)
}

/// `- vmstat: {interval, required}`
public func Vmstat(interval: Value = 1, required: Bool = false) -> Collector {
    Collector(.vmstat, interval: interval, required: required)
}

/// `- zpool-iostat: {interval, required}`
public func ZpoolIostat(interval: Value = 1, required: Bool = false) -> Collector {
    Collector(.zpoolIostat, interval: interval, required: required)
}

/// `- diskstats: {devices, interval, required}` — the built-in /proc/diskstats sampler.
public func Diskstats(devices: Value? = nil, interval: Value = 1, required: Bool = false) -> Collector {
    Collector(.diskstats, devices: devices, interval: interval, required: required)
}

/// `- command: {argv, name, interval, required}` — any sampler command.
public func CommandCollector(_ argv: [Value], name: String? = nil, interval: Value = 1, required: Bool = false) -> Collector {
    Collector(.command, interval: interval, argv: argv, name: name, required: required)
}
