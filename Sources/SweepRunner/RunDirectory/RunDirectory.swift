import SweepModel
import Foundation
import SweepRecords
import SweepPlanner

/// The layout of a results directory (see ARCHITECTURE.md, "Run directory and checkpointing").
package struct RunDirectory: Hashable, Sendable {
    /// Absolute path of the results directory.
    package let root: String

    package init(root: String) {
        self.root = root.hasPrefix("/") ? root : FileSystem.currentDirectory + "/" + root
    }

    /// `iosweep-run.json`: frozen experiment, plan fingerprint, tool version, host facts.
    package var manifest: String { root + "/" + RunLayout.manifest }
    /// `iosweep-plan.json`: the frozen plan, so `resume` needs no source file.
    package var plan: String { root + "/" + RunLayout.plan }
    /// `iosweep-files/`: the plan's frozen files, bound to `@{files}`.
    package var files: String { root + "/" + RunLayout.files }
    package var journal: String { root + "/" + RunLayout.journal }
    package var lock: String { root + "/" + RunLayout.lock }
    /// Logs of run-level and group-level steps.
    package var logs: String { root + "/" + RunLayout.logs }
    package var partialRoot: String { root + "/" + RunLayout.partial }

    /// `.partial/<cell id>/`: a cell in progress.
    package func partial(_ cell: Cell) -> String { partialRoot + "/" + Self.safeName(cell.id) }
    /// The published directory of `cell`.
    package func result(_ cell: Cell) -> String { root + "/" + cell.resultPath }
    package func cellRecord(_ cell: Cell) -> String { result(cell) + "/" + RunLayout.cellRecord }
    /// Where an old copy of `cell` goes: `.stale/<time>/<result path>` or `.failed/<time>/<result path>`.
    package func aside(_ cell: Cell, reason: String, time: Timestamp) -> String {
        root + "/.\(reason)/\(time.compact)/" + cell.resultPath
    }

    /// A cell id as one path component.
    package static func safeName(_ id: String) -> String {
        String(id.map { $0 == "/" ? "_" : $0 })
    }
}

extension FileSystem {
    static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
