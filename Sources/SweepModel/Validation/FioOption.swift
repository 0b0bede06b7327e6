/// What iosweep knows about fio's options: the value type of the ones it can check, the ones it sets
/// itself, the ones naming files. One table for the validator (literal values) and the planner (each
/// cell's rendered values).
package enum FioOption {
    /// The type of an option's value, as fio parses it.
    package enum Kind: Hashable, Sendable {
        /// A whole number ≥ `minimum`: numjobs, iodepth.
        case count(minimum: Int)
        /// A byte count with an optional K/M/G/T/P suffix (`size` also takes a percentage: `50%`).
        case size(percent: Bool)
        /// Up to three byte counts for read, write, trim, separated by ',' (`bs=4k,8k`, `rate=,10m`).
        case sizes
        /// Up to three whole numbers for read, write, trim, separated by ',' (`rate_iops=100,200`).
        case counts
        /// Whole seconds: iosweep reads it for estimates and the step timeout (`runtime`).
        case seconds
        /// A time with an optional unit (`30`, `500ms`, `2m`): ramp_time, thinktime.
        case duration
        /// 0 or 1: direct, buffered.
        case flag

        /// What the value must be, for messages.
        package var noun: String {
            switch self {
            case .count: return "an integer"
            case .size: return "a size"
            case .sizes: return "a size or sizes for read,write,trim"
            case .counts: return "a number or numbers for read,write,trim"
            case .seconds: return "an integer"
            case .duration: return "a time"
            case .flag: return "0 or 1"
            }
        }

        /// What a value of this type looks like, for hints.
        package var example: String {
            switch self {
            case .count(let minimum): return "a whole number ≥ \(minimum), e.g. \(max(minimum, 1) * 4)"
            case .size(let percent): return "a size such as 4096, 64k, 1G\(percent ? " or a percentage such as 50%" : "")"
            case .sizes: return "a size, or sizes for read,write,trim: 4k or 4k,64k"
            case .counts: return "a whole number, or numbers for read,write,trim: 500 or 500,1000"
            case .seconds: return "a whole number of seconds, e.g. 60"
            case .duration: return "a time such as 30, 500ms or 2m (seconds by default)"
            case .flag: return "0 or 1"
            }
        }
    }

    /// The options iosweep checks, by name: the fio fields it declares itself and common job options.
    package static let kinds: [String: Kind] = [
        "numjobs": .count(minimum: 1), "iodepth": .count(minimum: 1), "nrfiles": .count(minimum: 1), "loops": .count(minimum: 1),
        "iodepth_batch": .count(minimum: 0), "iodepth_batch_submit": .count(minimum: 0), "iodepth_batch_complete_min": .count(minimum: 0),
        "iodepth_batch_complete_max": .count(minimum: 0), "iodepth_low": .count(minimum: 0),
        "size": .size(percent: true), "io_size": .size(percent: true), "io_limit": .size(percent: true),
        "offset": .size(percent: true), "bs": .sizes, "blocksize": .sizes, "ba": .sizes, "blockalign": .sizes,
        "rate": .sizes, "rate_min": .sizes, "rate_iops": .counts, "rate_iops_min": .counts,
        "runtime": .seconds, "ramp_time": .duration, "startdelay": .duration, "thinktime": .duration,
        "direct": .flag, "buffered": .flag,
    ]

    /// fio's options that choose between reading and writing (`readwrite` is `rw`'s other name).
    package static let accessModes: Set<String> = ["rw", "readwrite"]

    /// Whether fio may write with the access mode `value` (`rw=` / `readwrite=`): everything but `read` and
    /// `randread` (an offset modifier such as `read:4k` allowed), and any value iosweep cannot classify.
    package static func writes(accessMode value: String) -> Bool {
        // The part before ':', without surrounding blanks, compared without case: bytes, not Foundation (every
        // workload of a plan asks).
        let mode = value.utf8.prefix { $0 != UInt8(ascii: ":") }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let trimmed = mode.drop(while: blank).reversed().drop(while: blank).reversed().map { $0 | 0x20 }
        return !trimmed.elementsEqual("read".utf8) && !trimmed.elementsEqual("randread".utf8)
    }

    /// Whether an fio run with the access modes `values` (from the command line and every line of the job
    /// file) may write: fio reads when none is given.
    package static func writes(accessModes values: [String]) -> Bool {
        values.contains { writes(accessMode: $0) }
    }

    /// Options iosweep sets itself (`--output`, `--output-format`) or that write files outside the cell
    /// directory (fio's log options, whose paths are relative to fio's working directory).
    package static let reserved: [String: String] = [
        "output": "iosweep writes fio's output to the cell directory itself (fio takes the last --output)",
        "output-format": "set it with 'workload.fio.output-format'",
        "minimal": "iosweep reads fio's JSON output; set the format with 'workload.fio.output-format'",
        "append-terse": "iosweep reads fio's JSON output; set the format with 'workload.fio.output-format'",
        "bandwidth-log": "fio's log files would be written outside the cell directory",
        "write_bw_log": "fio's log files would be written outside the cell directory",
        "write_lat_log": "fio's log files would be written outside the cell directory",
        "write_iops_log": "fio's log files would be written outside the cell directory",
        "write_hist_log": "fio's log files would be written outside the cell directory",
        "write_iolog": "fio's log files would be written outside the cell directory",
    ]

    /// Options whose value names files fio opens: checked for block devices outside `disks`.
    package static let paths: Set<String> = ["filename", "directory", "opendir"]

    /// What is wrong with `value` as the option at `path` of type `kind` (message and hint); `nil` when fio accepts it.
    package static func problem(_ value: Value, _ kind: Kind, at path: String) -> (message: String, hint: String?)? {
        let text: String
        switch value {
        case .int(let v): text = String(v)
        case .string(let s): text = s
        case .double(let d) where kind == .duration: text = Value.double(d).text
        case .bool where kind == .flag: return nil
        case .double, .bool, .list:
            return ("'\(path)' must be \(kind.noun), found \(value.text.isEmpty ? "an empty list" : "'\(value.text)'")", kind.example)
        }
        let wrong = ("'\(path)' must be \(kind.noun), found '\(text)'", kind.example)
        switch kind {
        case .count(let minimum):
            guard let n = Int(text) else { return wrong }
            return n < minimum ? ("'\(path)' must be at least \(minimum), found \(n)", nil) : nil
        case .seconds:
            guard let n = Int(text) else { return wrong }
            if n < 1 { return ("'\(path)' must be at least 1, found \(n)", nil) }
            return text.allSatisfy(\.isASCIIDigit) ? nil : wrong
        case .size(let percent):
            if percent, text.hasSuffix("%"), let p = Int(text.dropLast()), (1...100).contains(p) { return nil }
            if let n = Int(text), n < 1 { return ("'\(path)' must be a positive size, found \(n)", nil) }
            guard !text.contains(" "), (ByteSize(parsing: text)?.bytes ?? 0) > 0 else {
                return ("'\(text)' is not a size", "write a number with an optional K, M, G or T suffix: 64M, 1G, 4096")
            }
            return nil
        case .sizes, .counts:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            let item: (Substring) -> Bool =
                kind == .sizes
                ? { !$0.contains(" ") && (ByteSize(parsing: String($0))?.bytes ?? 0) > 0 }
                : { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) && Int($0) != nil }
            guard parts.count <= 3, parts.contains(where: { !$0.isEmpty }), parts.allSatisfy({ $0.isEmpty || item($0) }) else {
                return wrong
            }
            return nil
        case .duration:
            let digits = text.prefix(while: \.isASCIIDigit)
            let unit = text.dropFirst(digits.count).lowercased()
            guard !digits.isEmpty, Int(digits) != nil, ["", "s", "ms", "us", "m", "h", "d"].contains(unit) else { return wrong }
            return nil
        case .flag:
            return text == "0" || text == "1" ? nil : wrong
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
