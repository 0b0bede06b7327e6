import Dispatch
import Foundation

/// Work spread over the processors.
enum Concurrently {
    /// The processors there are to spread work over.
    static var processors: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Runs `work(0)`, …, `work(count - 1)` concurrently, as ``map(_:_:)`` does.
    static func forEach(_ count: Int, _ work: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: count, execute: work)
    }

    /// `work(0)`, …, `work(count - 1)`, run concurrently (Dispatch's `concurrentPerform`: one thread per
    /// processor at most, the caller's among them), in index order.
    static func map<T: Sendable>(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each element is written by one iteration only, and read after all have ended.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { slots.initializeElement(at: $0, to: work($0)) }
            initialized = count
        }
    }
}
