extension String {
    /// Whether the text holds `first` followed by `{` (`${` of an expression, `@{` of a placeholder).
    /// A byte scan: `contains(_:)` on strings goes through Foundation and was a tenth of planning time.
    func containsMarker(_ first: Unicode.Scalar) -> Bool {
        let lead = UInt8(first.value)
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "{"), previous == lead { return true }
            previous = byte
        }
        return false
    }
}
