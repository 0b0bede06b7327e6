import SweepModel

extension Array {
    /// Fisher–Yates shuffle driven by ``SplitMix64``: the same seed gives the same permutation, always.
    mutating func shuffle(seed: UInt64) {
        guard count > 1 else { return }
        var generator = SplitMix64(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next(below: UInt64(i + 1)))
            if i != j { swapAt(i, j) }
        }
    }
}
