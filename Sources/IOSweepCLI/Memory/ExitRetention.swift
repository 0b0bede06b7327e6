import Synchronization

/// A value a command leaves for the process's exit to reclaim instead of freeing it itself: a plan of a million
/// cells is some ten million allocations, and freeing them one by one takes a tenth of the time planning took,
/// just before the process ends anyway. Holds the last value given (the one before is freed then), so a command
/// that plans many files keeps at most one plan.
enum ExitRetention {
    private static let kept = Mutex<(any Sendable)?>(nil)

    /// Keeps `value` until the process exits.
    static func keep(_ value: any Sendable) {
        let previous = kept.withLock { slot in
            let previous = slot
            slot = value
            return previous
        }
        // Freed here, outside the lock.
        _ = previous
    }
}
