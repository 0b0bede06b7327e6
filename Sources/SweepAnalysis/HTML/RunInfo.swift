import Foundation
import SweepModel
import SweepRecords

/// What a report shows of a run directory's `iosweep-run.json`: a view of its ``RunManifest`` (read by the
/// manifest's one tolerant reader), empty text as `nil`, host facts as labelled text.
public struct RunInfo: Sendable, Hashable {
    public var experimentName: String?
    public var description: String?
    public var axes: [ExperimentSummary.Axis]
    /// Repetitions per cell (`matrix.repeat`), when declared.
    public var repeatCount: Int?
    /// Host facts in a fixed order (known facts first, then the rest by name), values as text.
    public var host: [HTMLReport.Fact]
    /// The facts of the study's other hosts, by host name in name order (the same labels as ``host``).
    public var hosts: [OtherHost]
    /// One of the study's other hosts: its name in the study and its facts.
    public struct OtherHost: Sendable, Hashable {
        public var name: String
        public var facts: [HTMLReport.Fact]
    }
    public var toolVersion: String?
    public var runID: String?
    public var created: String?

    /// The file name inside a run directory.
    public static let fileName = RunLayout.manifest

    /// Reads `<directory>/iosweep-run.json`; `nil` when there is none (a foreign results tree).
    /// - Throws: ``ResultFileError`` naming the file when it exists but is not a JSON object.
    public static func load(directory: String) throws(ResultFileError) -> RunInfo? {
        try RunManifest.read(directory: directory).map(RunInfo.init)
    }

    /// Parses the manifest's JSON.
    public init(json data: Data) throws {
        self.init(try JSONDecoder().decode(RunManifest.self, from: data))
    }

    /// The report's view of `manifest`.
    public init(_ manifest: RunManifest) {
        func given(_ text: String) -> String? { text.isEmpty ? nil : text }
        experimentName = given(manifest.experimentName)
        description = manifest.summary.description
        axes = manifest.summary.axes
        repeatCount = manifest.summary.repeatCount
        toolVersion = given(manifest.toolVersion)
        runID = given(manifest.runID)
        created = given(manifest.created)
        host = Self.facts(manifest.host)
        hosts = manifest.hosts.keys.sorted().map { OtherHost(name: $0, facts: Self.facts(manifest.hosts[$0] ?? HostFacts())) }
    }

    /// `facts` as labelled text, known facts first, then the rest by name.
    static func facts(_ facts: HostFacts) -> [HTMLReport.Fact] {
        var host: [HTMLReport.Fact] = []
        func add(_ label: String, _ value: String?) { if let value, !value.isEmpty { host.append(HTMLReport.Fact(label, value)) } }
        add("host", facts.hostname)
        add("kernel", facts.kernel)
        add("CPU model", facts.cpuModel)
        add("CPUs", facts.cpuCount > 0 ? String(facts.cpuCount) : nil)
        add("memory", facts.memoryBytes.map { ChartNumber.decimal(Double($0) / 1_073_741_824, places: 1) + " GiB" })
        add("fio", facts.fioVersion)
        add("sysstat", facts.sysstatVersion)
        add("ZFS", facts.zfsVersion)
        for name in facts.other.keys.sorted() { add(name, facts.other[name]) }
        return host
    }
}
