/// How numbers are written in reports.
public enum NumberFormat {
    /// Full precision, shortest round-trip form; integral values without a fraction (`525.778178`, `31553`).
    public static func exact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// For people: thousands separated, 2 decimals below 100, 1 below 1000, none above
    /// (`1,902,345`, `525.8`, `33.20`); integral values below 1000 without decimals.
    public static func human(_ value: Double) -> String {
        guard value.isFinite else { return exact(value) }
        let magnitude = abs(value)
        let decimals: Int
        if value.rounded() == value, magnitude < 1e15 {
            decimals = 0
        } else if magnitude >= 1000 {
            decimals = 0
        } else if magnitude >= 100 {
            decimals = 1
        } else {
            decimals = 2
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (magnitude * scale).rounded()
        guard scaled < 9e18 else { return exact(value) }
        let integer = Int(scaled)
        let whole = integer / Int(scale)
        let fraction = integer % Int(scale)
        var digits = Array(String(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = String(digits) + grouped
        if decimals > 0 {
            let text = String(fraction)
            grouped += "." + String(repeating: "0", count: decimals - text.count) + text
        }
        return (value < 0 && scaled > 0 ? "-" : "") + grouped
    }
}
