import Foundation
import SweepRecords

/// Tells the user where the run is: a live status line on a terminal, one plain line per event otherwise.
package final class ProgressReporter: @unchecked Sendable {
    /// How progress is shown.
    package enum Style: Sendable {
        /// A live line redrawn in place (terminal).
        case live
        /// One line per event (logs, pipes).
        case lines
        case quiet
    }

    private let style: Style
    private let color: Bool
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    /// Cells finished in this invocation (a retried cell counts once).
    private var finished: Set<String> = []
    private var current: String?
    private var previous: String?
    private var started = Timestamp.monotonic()
    private var remainingEstimate = 0.0
    private var overheads: [Double] = []
    private var liveShown = false

    package init(style: Style, color: Bool) {
        self.style = style
        self.color = color
    }

    /// `live` on a terminal, `lines` otherwise; color unless `NO_COLOR` is set (https://no-color.org).
    package static func automatic(quiet: Bool) -> ProgressReporter {
        let terminal = isatty(STDERR_FILENO) == 1
        let noColor = (Foundation.ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty == false
        return ProgressReporter(style: quiet ? .quiet : terminal ? .live : .lines, color: terminal && !noColor)
    }

    package func runStarted(total: Int, done: Int, pending: Int, estimatedSeconds: Double) {
        lock.withLock {
            self.total = total
            self.done = done
            remainingEstimate = estimatedSeconds
            started = Timestamp.monotonic()
        }
        note("\(total) cells: \(done) done, \(pending) to run")
    }

    package func cellStarted(_ id: String, estimatedSeconds: Double?) {
        lock.withLock { current = id }
        let (position, total, retry) = lock.withLock { (finished.contains(id) ? done : done + 1, self.total, finished.contains(id)) }
        if style == .lines { emit("cell \(id) \(retry ? "retried" : "started") (\(position)/\(total))") }
        redraw()
    }

    package func cellFinished(_ id: String, ok: Bool, seconds: Double, estimatedSeconds: Double?, headline: Headline?, reason: String?) {
        let summary = headline?.summary
        lock.withLock {
            if finished.insert(id).inserted { done += 1 }
            current = nil
            previous = summary.map { "\(id): \($0)" } ?? "\(id): \(ok ? "ok" : "failed")"
            remainingEstimate = max(0, remainingEstimate - (estimatedSeconds ?? 0))
            overheads.append(max(0, seconds - (estimatedSeconds ?? 0)))
        }
        let status = ok ? paint("ok", 32) : paint("failed", 31)
        var line = "cell \(id) \(status) in \(String(format: "%.1f", seconds)) s"
        if let summary { line += ": \(summary)" }
        if let reason, !ok { line += " — \(reason)" }
        note(line)
    }

    /// A message for the user (recovery actions, moved cells, warnings).
    package func note(_ message: String) {
        guard style != .quiet else { return }
        emit(message)
        redraw()
    }

    /// A warning, shown even with `--quiet`.
    package func warn(_ message: String) {
        emit(paint("warning:", 33) + " " + message)
        redraw()
    }

    package func finish() {
        guard style == .live else { return }
        lock.withLock {
            if liveShown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            liveShown = false
        }
    }

    private func emit(_ message: String) {
        lock.withLock {
            let clear = style == .live && liveShown ? "\r\u{1B}[2K" : ""
            liveShown = false
            FileHandle.standardError.write(Data((clear + "iosweep: " + message + "\n").utf8))
        }
    }

    private func redraw() {
        guard style == .live else { return }
        lock.withLock {
            let elapsed = Timestamp.monotonic() - started
            let remaining = total - done
            let overhead = overheads.isEmpty ? 0 : overheads.reduce(0, +) / Double(overheads.count)
            let eta = remainingEstimate + overhead * Double(remaining)
            var line = "[\(done)/\(total)]"
            if let current { line += " \(current)" }
            line += "  elapsed \(Self.clock(elapsed))  ETA \(Self.clock(eta))"
            if let previous { line += "  last \(previous)" }
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            liveShown = true
        }
    }

    private func paint(_ text: String, _ code: Int) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func clock(_ seconds: Double) -> String {
        // Held to 0…10¹⁵ s: a hand-written plan's estimate must not trap the conversion.
        let total = seconds.isFinite ? Int(min(max(seconds.rounded(), 0), 1e15)) : 0
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
