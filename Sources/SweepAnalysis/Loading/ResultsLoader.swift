import SweepRecords
import SweepModel

/// Finds the cells of a results tree: an `iosweep run` directory (cells are directories holding a
/// `cell.json`; axes come from its `values`), or any tree laid out as a `LayoutTemplate` says.
///
/// With a layout, directories that do not match (the v2 dataset's stray `results/` copies) are skipped
/// and reported in one warning. In a run directory, `.partial` and other hidden directories are skipped.
public struct ResultsLoader: Sendable {
    public var layout: LayoutTemplate?

    public init(layout: LayoutTemplate? = nil) {
        self.layout = layout
    }

    public func load(_ root: String) throws(ResultFileError) -> ResultTree {
        guard FileSystem.isDirectory(root) else {
            throw ResultFileError(file: root, FileSystem.exists(root) ? "not a directory" : "no such directory")
        }
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        if let layout { return loadLayout(root, layout) }
        return try loadRunDirectory(root)
    }

    // MARK: - Layout trees

    private func loadLayout(_ root: String, _ layout: LayoutTemplate) -> ResultTree {
        var cells: [ResultCell] = []
        var skipped: [String] = []
        func walk(_ relative: String, depth: Int, captures: [(name: String, value: String)]) {
            let directory = relative.isEmpty ? root : root + "/" + relative
            let entries = FileSystem.entries(directory)
            if depth == layout.segments.count {
                var values = Settings()
                for capture in captures { values[capture.name] = Value(axisText: capture.value) }
                cells.append(
                    ResultCell(
                        id: relative, path: relative, directory: directory, values: values, status: nil,
                        fingerprint: nil, files: entries.filter { !$0.isDirectory }.map(\.name)))
                return
            }
            for entry in entries where entry.isDirectory {
                let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                guard let more = layout.match(entry.name, depth: depth) else {
                    skipped.append(path)
                    continue
                }
                walk(path, depth: depth + 1, captures: captures + more)
            }
        }
        walk("", depth: 0, captures: [])
        var warnings: [AnalysisWarning] = []
        if !skipped.isEmpty {
            warnings.append(
                AnalysisWarning(
                    "skipped \(skipped.count) \(skipped.count == 1 ? "directory" : "directories") not matching the layout \"\(layout.text)\"",
                    files: skipped))
        }
        if cells.isEmpty {
            warnings.append(AnalysisWarning("no directory under \(root) matches the layout \"\(layout.text)\""))
        }
        return ResultTree(root: root, axes: layout.axisNames, cells: cells, warnings: warnings)
    }

    // MARK: - Run directories

    private func loadRunDirectory(_ root: String) throws(ResultFileError) -> ResultTree {
        var cells: [ResultCell] = []
        var warnings: [AnalysisWarning] = []
        var axes: [String] = []
        func walk(_ relative: String) {
            let directory = relative.isEmpty ? root : root + "/" + relative
            let entries = FileSystem.entries(directory)
            if entries.contains(where: { $0.name == RunLayout.cellRecord && !$0.isDirectory }) {
                do {
                    let cell = try Self.readCell(
                        directory: directory, relative: relative, files: entries.filter { !$0.isDirectory }.map(\.name))
                    for name in cell.values.names where !axes.contains(name) { axes.append(name) }
                    cells.append(cell)
                } catch {
                    warnings.append(AnalysisWarning(error.description))
                }
                return
            }
            for entry in entries where entry.isDirectory {
                walk(relative.isEmpty ? entry.name : relative + "/" + entry.name)
            }
        }
        walk("")
        guard !cells.isEmpty || !warnings.isEmpty else {
            throw ResultFileError(
                file: root, "no \(RunLayout.cellRecord) found: not an iosweep run directory (for other trees give --layout TEMPLATE)")
        }
        return ResultTree(root: root, axes: axes, cells: cells, warnings: warnings)
    }

    static func readCell(directory: String, relative: String, files: [String]) throws(ResultFileError) -> ResultCell {
        let file = directory + "/" + RunLayout.cellRecord
        let object: JSONObject
        do {
            guard let parsed = try JSONParser.parse(try FileSystem.bytes(file)).objectValue else {
                throw ResultFileError(file: file, "\(RunLayout.cellRecord) is not a JSON object")
            }
            object = parsed
        } catch let error as ResultFileError {
            throw error
        } catch {
            throw ResultFileError(file: file, "invalid \(RunLayout.cellRecord): \(error)")
        }
        var values = Settings()
        for case .object(let entry) in object["values"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue, let value = entry["value"].flatMap(Value.init(json:)) else { continue }
            values[name] = value
        }
        let status = object["status"]?.stringValue.flatMap(CellRecord.Status.init(rawValue:))
        var deviceNames: [String: String] = [:]
        for member in object["devices"]?.objectValue?.members ?? [] {
            guard let path = member.value.stringValue, let kernelName = path.split(separator: "/").last else { continue }
            deviceNames[String(kernelName)] = member.key
        }
        return ResultCell(
            id: object["id"]?.stringValue ?? relative, path: relative, directory: directory, values: values, status: status,
            fingerprint: object["fingerprint"]?.stringValue, files: files, deviceNames: deviceNames)
    }
}

extension Value {
    /// The model value of a JSON scalar or array (as `Value`'s Codable form writes it).
    init?(json: JSONValue) {
        switch json {
        case .number(let number):
            self = number.rounded() == number && abs(number) < 9e15 ? .int(Int(number)) : .double(number)
        case .string(let string): self = .string(string)
        case .bool(let bool): self = .bool(bool)
        case .array(let items): self = .list(items.compactMap(Value.init(json:)))
        case .null, .object: return nil
        }
    }
}
