import Dispatch
import Foundation
import Synchronization

/// Catches SIGINT and SIGTERM for the duration of a run.
///
/// The first signal asks the runner to stop: the foreground processes (workload, hooks) get SIGINT at once,
/// the runner stops collectors, tears down and journals `interrupted`. A second signal kills every process
/// group the run started and exits immediately with 128 + signal; the run stays resumable.
package final class SignalMonitor: @unchecked Sendable {
    private struct State {
        var received: Int32?
        var foreground: Set<Int32> = []
        var background: Set<Int32> = []
    }
    private let state = Mutex(State())
    /// Guarded by `sourcesLock`.
    private var sources: [any DispatchSourceSignal] = []
    private let sourcesLock = NSLock()
    private let onFirst: @Sendable (Int32) -> Void

    /// - Parameter onFirst: called (on a dispatch queue) when the first signal arrives, after foreground
    ///   processes were signalled.
    package init(onFirst: @escaping @Sendable (Int32) -> Void = { _ in }) {
        self.onFirst = onFirst
    }

    /// Starts catching SIGINT and SIGTERM.
    package func start() {
        var made: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in self.handle(number) }
            source.resume()
            made.append(source)
        }
        sourcesLock.withLock { sources = made }
    }

    /// Stops catching; default dispositions are restored.
    package func stop() {
        sourcesLock.withLock {
            for source in sources { source.cancel() }
            sources = []
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// The first signal received, if any.
    package var received: Int32? { state.withLock { $0.received } }

    /// Registers a process group the run started: `foreground` ones (workload, hooks) get SIGINT on the
    /// first signal; all of them get SIGKILL on the second.
    package func track(_ group: Int32, foreground: Bool) {
        state.withLock { state -> Void in
            if foreground { state.foreground.insert(group) } else { state.background.insert(group) }
        }
    }

    package func untrack(_ group: Int32) {
        state.withLock { state -> Void in
            _ = state.foreground.remove(group)
            _ = state.background.remove(group)
        }
    }

    private func handle(_ number: Int32) {
        let (first, groups) = state.withLock { state -> (Bool, Set<Int32>) in
            if state.received == nil {
                state.received = number
                return (true, state.foreground)
            }
            return (false, state.foreground.union(state.background))
        }
        if first {
            for group in groups { kill(-group, SIGINT) }
            onFirst(number)
        } else {
            for group in groups { kill(-group, SIGKILL) }
            _exit(128 + (received ?? number))
        }
    }
}
