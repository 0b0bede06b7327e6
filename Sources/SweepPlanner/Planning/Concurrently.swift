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

    /// Frees `items` concurrently, each on the thread of one iteration (what a planning run holds is freed in
    /// parallel, as it was made, instead of one run after the other).
    static func release<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        let slots = items.map(Slot.init)
        // The slots hold the only references now.
        items = []
        forEach(slots.count) { slots[$0].value = nil }
    }

    /// One item to free, handed to one iteration only.
    private final class Slot<T>: @unchecked Sendable {
        var value: T?

        init(_ value: T) { self.value = value }
    }
}
