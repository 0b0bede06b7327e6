import Foundation
import Synchronization

/// A process started by ``LocalHost``.
final class LocalProcess: RunningProcess, Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Termination?, Never>
        var timer: Task<Void, Never>?
    }
    private struct State {
        var pid: Int32 = 0
        var termination: Termination?
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    var pid: Int32 { state.withLock { $0.pid } }
    var processGroup: Int32 { pid }
    var termination: Termination? { state.withLock { $0.termination } }

    func attach(pid: Int32) {
        state.withLock { $0.pid = pid }
    }

    func finish(_ termination: Termination) {
        let waiters = state.withLock { state -> [Waiter] in
            state.termination = termination
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: termination)
        }
    }

    func signal(_ signal: Int32) {
        let group = processGroup
        guard group > 0, termination == nil else { return }
        _ = kill(-group, signal)
    }

    func wait(upTo seconds: Double?) async -> Termination? {
        if let termination { return termination }
        return await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                if state.termination != nil { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = Waiter(continuation: continuation, timer: nil)
                return state.nextWaiter
            }
            guard let id else {
                continuation.resume(returning: termination)
                return
            }
            guard let seconds else { return }
            let timer = Task { [self] in
                // Held to 0…10¹² ms (about 31 years): a hand-written plan's timeout must not trap the conversion.
                try? await Task.sleep(for: .milliseconds(seconds.isFinite ? Int(min(max(seconds, 0), 1e9) * 1000) : 0))
                guard !Task.isCancelled else { return }
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.continuation.resume(returning: nil)
            }
            state.withLock { state in
                if state.waiters[id] != nil { state.waiters[id]?.timer = timer } else { timer.cancel() }
            }
        }
    }
}
