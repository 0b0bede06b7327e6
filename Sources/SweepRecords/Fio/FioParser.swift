import SweepModel

/// Parses fio `--output-format=json` / `json+` output, fio 2.x to 3.4x, standalone or client/server.
///
/// Text around the JSON (warnings, `json+,normal` report text, a byte-order mark, junk before the opening
/// brace on its line) is kept in `otherLines`; with
/// `--status-interval` the last complete document is the result. Empty, cut-off and corrupt files
/// throw an `ResultFileError` naming the file.
public struct FioParser: Sendable {
    /// The first key of a fio document (`fio version` since 2.0.10; the others in case a tool rewrote it):
    /// a `{` followed by one of them starts the document even after other text on its line.
    package static let documentKeys = ["fio version", "jobs", "client_stats"]

    public init() {}

    /// Parses the contents of `file` (the name is only used in errors).
    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> FioReport {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D) }) else {
            throw ResultFileError(file: file, "empty file: no fio output")
        }
        let scan = JSONDocumentScanner(startKeys: Self.documentKeys).scan(bytes)
        if let failure = scan.failure {
            let position = TextPosition(of: failure.error.offset, in: bytes)
            let what = failure.error.truncated ? "fio JSON is cut off" : "invalid fio JSON: \(failure.error.message)"
            let complete = scan.documents.isEmpty ? "" : " (after \(scan.documents.count) complete status document(s))"
            throw ResultFileError(file: file, "\(what) at line \(position.line), column \(position.column)\(complete)")
        }
        guard let document = scan.documents.last?.value.objectValue else {
            let hint = scan.otherLines.first.map { ": first line is \"\($0.prefix(80))\"" } ?? ""
            throw ResultFileError(file: file, "no fio JSON document found\(hint)")
        }
        return try report(from: document, documentCount: scan.documents.count, otherLines: scan.otherLines, file: file)
    }

    private func report(
        from document: JSONObject, documentCount: Int, otherLines: [String], file: String
    ) throws(ResultFileError) -> FioReport {
        let version = document["fio version"]?.stringValue.flatMap(FioVersion.init)
        let normalizer = FioNormalizer(version: version)
        let aggregator = FioJobAggregator()
        var problems: [String] = []
        if let entries = document["client_stats"]?.arrayValue {
            var fioAllClients: FioGroup?
            var clientJobs: [JSONObject] = []
            var perHost: [(key: String, host: String, jobs: [JSONObject])] = []
            for case .object(let entry) in entries {
                let job = normalizer.normalize(entry, problems: &problems)
                let host = Self.host(of: job)
                if job["jobname"]?.stringValue == Self.allClientsName {
                    fioAllClients = aggregator.merge([job], host: host)
                    continue
                }
                clientJobs.append(job)
                let key = "\(host)#\(job["groupid"]?.intValue ?? 0)"
                if let index = perHost.firstIndex(where: { $0.key == key }) {
                    perHost[index].jobs.append(job)
                } else {
                    perHost.append((key, host, [job]))
                }
            }
            let groups = perHost.map { aggregator.merge($0.jobs, host: $0.host) }
            guard !groups.isEmpty else { throw ResultFileError(file: file, "fio client/server JSON has no client_stats entries") }
            let allClients = Self.allClients(aggregator.merge(clientJobs, host: nil))
            if let fioAllClients, let problem = FioAllClientsCheck().problem(fio: fioAllClients, computed: allClients) {
                problems.append(problem)
            }
            return FioReport(
                version: version, isClientServer: true, groups: groups, allClients: allClients, fioAllClients: fioAllClients,
                documentCount: documentCount, otherLines: otherLines, problems: problems)
        }
        guard let entries = document["jobs"]?.arrayValue else {
            throw ResultFileError(file: file, "not fio JSON: no \"jobs\" or \"client_stats\" array")
        }
        var byGroup: [(id: Int, jobs: [JSONObject])] = []
        for case .object(let entry) in entries {
            let job = normalizer.normalize(entry, problems: &problems)
            let id = job["groupid"]?.intValue ?? 0
            if let index = byGroup.firstIndex(where: { $0.id == id }) {
                byGroup[index].jobs.append(job)
            } else {
                byGroup.append((id, [job]))
            }
        }
        guard !byGroup.isEmpty else { throw ResultFileError(file: file, "fio JSON has no jobs") }
        return FioReport(
            version: version, isClientServer: false, groups: byGroup.map { aggregator.merge($0.jobs, host: nil) },
            allClients: nil, documentCount: documentCount, otherLines: otherLines, problems: problems)
    }

    /// The job name of fio's client/server aggregate, which iosweep's own aggregate takes too.
    package static let allClientsName = "All clients"

    /// `merged` (every client job entry merged) as the client/server aggregate: named `All clients`, no host,
    /// and no `hostname`, `port` or (for several jobs) `job options` of its first job.
    private static func allClients(_ merged: FioGroup) -> FioGroup {
        var group = merged
        group.name = allClientsName
        group.host = nil
        group.stats["jobname"] = .string(allClientsName)
        group.stats["hostname"] = nil
        group.stats["port"] = nil
        if group.jobCount > 1 { group.stats["job options"] = nil }
        return group
    }

    private static func host(of job: JSONObject) -> String {
        let name = job["hostname"]?.stringValue ?? "?"
        guard let port = job["port"]?.intValue else { return name }
        return "\(name):\(port)"
    }
}

/// A 1-based line and column in a byte buffer.
package struct TextPosition {
    package var line = 1
    package var column = 1

    package init(of offset: Int, in bytes: [UInt8]) {
        for byte in bytes.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
    }
}
