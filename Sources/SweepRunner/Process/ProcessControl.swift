#if canImport(Glibc)
    import Glibc
#endif
import SweepRecords

/// Waiting for and stopping processes: timeouts and the escalating stop sequence.
package enum ProcessControl {
    /// One stop step: send `signal` to the group, then wait up to `grace` seconds.
    package struct StopStep: Hashable, Sendable {
        package var signal: Int32
        package var grace: Double

        package init(_ signal: Int32, grace: Double) {
            self.signal = signal
            self.grace = grace
        }
    }

    /// The result of a wait that may have needed signals.
    package struct Outcome: Hashable, Sendable {
        package var termination: Termination
        /// The last signal the runner had to send, `nil` if the process ended by itself.
        package var stoppedWith: Int32?
        package var timedOut: Bool
    }

    /// The collector sequence: the collector's own first signal, then TERM, then KILL.
    package static func stopSequence(first: Int32, grace: Double) -> [StopStep] {
        var steps = [StopStep(first, grace: grace)]
        if first != SIGTERM { steps.append(StopStep(SIGTERM, grace: grace)) }
        steps.append(StopStep(SIGKILL, grace: grace))
        return steps
    }

    /// Waits for `process`; after `timeout` seconds (if any) stops it with TERM, then KILL after `grace`.
    package static func wait(_ process: any RunningProcess, timeout: Double?, grace: Double) async -> Outcome {
        guard let timeout else { return Outcome(termination: await process.wait(), stoppedWith: nil, timedOut: false) }
        if let termination = await waitAtMost(process, seconds: timeout) {
            return Outcome(termination: termination, stoppedWith: nil, timedOut: false)
        }
        var outcome = await stop(process, sequence: terminateSequence(grace: grace, killGrace: grace))
        outcome.timedOut = true
        return outcome
    }

    /// The stop sequence for processes iosweep did not start itself (left over by a killed run, found by pid):
    /// SIGTERM, up to `grace` seconds, then SIGKILL, up to `killGrace`.
    package static func terminateSequence(grace: Double, killGrace: Double) -> [StopStep] {
        [StopStep(SIGTERM, grace: grace), StopStep(SIGKILL, grace: killGrace)]
    }

    /// Sends each signal of `sequence` with `send` until `ended()` holds, checking every 50 ms within each step's
    /// grace: the stop sequence for processes known only by pid or group. Returns whether they ended.
    package static func escalate(_ sequence: [StopStep], send: (Int32) -> Void, ended: () -> Bool) async -> Bool {
        for step in sequence {
            if ended() { return true }
            send(step.signal)
            let deadline = Timestamp.monotonic() + step.grace
            while !ended(), Timestamp.monotonic() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        return ended()
    }

    /// Sends each signal of `sequence` in turn until the process ends.
    package static func stop(_ process: any RunningProcess, sequence: [StopStep]) async -> Outcome {
        if let termination = process.termination {
            return Outcome(termination: termination, stoppedWith: nil, timedOut: false)
        }
        var last: Int32?
        for step in sequence {
            process.signal(step.signal)
            last = step.signal
            if let termination = await waitAtMost(process, seconds: step.grace) {
                return Outcome(termination: termination, stoppedWith: last, timedOut: false)
            }
        }
        return Outcome(termination: await process.wait(), stoppedWith: last, timedOut: false)
    }

    /// The termination if the process ends within `seconds`, else `nil` (the process keeps running).
    package static func waitAtMost(_ process: any RunningProcess, seconds: Double) async -> Termination? {
        await process.wait(upTo: seconds)
    }
}
