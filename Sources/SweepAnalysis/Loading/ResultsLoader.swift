import Foundation
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

    /// The cell of the run directory `directory` (`relative` to the root), from its `cell.json` read by
    /// ``CellRecord``'s tolerant reader: the relative path stands in for a missing id.
    static func readCell(directory: String, relative: String, files: [String]) throws(ResultFileError) -> ResultCell {
        let record = try CellRecord.read(path: directory + "/" + RunLayout.cellRecord)
        var deviceNames: [String: String] = [:]
        for (name, path) in record.devices ?? [:] {
            guard let kernelName = path.split(separator: "/").last else { continue }
            deviceNames[String(kernelName)] = name
        }
        // Collectors on other hosts write into the host's folder (`c1/mpstat.txt`): their files as the record names them.
        let hostFiles = record.collectors.compactMap(\.output).filter { output in
            let parts = output.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
                && FileManager.default.isReadableFile(atPath: directory + "/" + output)
        }
        return ResultCell(
            id: record.id.isEmpty ? relative : record.id, path: relative, directory: directory, values: record.values,
            status: record.status, fingerprint: record.fingerprint.isEmpty ? nil : record.fingerprint,
            files: files + hostFiles.filter { !files.contains($0) }.sorted(), deviceNames: deviceNames)
    }
}
