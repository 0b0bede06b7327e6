extension BinaryInteger {
    /// The decimal digits grouped by thousands, for limits and counts in messages: `1,000,000`.
    package var groupedDigits: String {
        let digits = Array(String(self))
        let lead = digits.first == "-" ? 1 : 0
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > lead, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
