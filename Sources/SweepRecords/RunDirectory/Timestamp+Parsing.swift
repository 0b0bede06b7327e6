import SweepModel

/// Timestamps as collectors print them, converted to seconds.
///
/// Only differences between timestamps of one file matter (warmup, intervals), so locale dates are
/// read as month/day/year (`%x` in the C and en_US locales) and time-only stamps as seconds since midnight.
extension Timestamp {
    /// `2026-11-27T07:24:45+0000`, `2026-11-27T07:24:45.123Z`, `2026-11-27 07:24:45`.
    package static func iso8601(_ text: Substring) -> Double? {
        let parts = text.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-")
        guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]) else { return nil }
        var time = parts[1]
        var zone = 0.0
        if time.hasSuffix("Z") {
            time = time.dropLast()
        } else if let signIndex = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let digits = time[time.index(after: signIndex)...].filter { $0.isNumber }
            guard digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)) else { return nil }
            zone = Double(hh * 3600 + mm * 60) * (time[signIndex] == "+" ? 1 : -1)
            time = time[..<signIndex]
        }
        guard let seconds = timeOfDay(time) else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + seconds - zone
    }

    /// `11/27/26 07:24:43`, `11/27/2026 07:24:43 PM`, `07:24:43` (time only: seconds since midnight).
    package static func locale(_ text: Substring) -> Double? {
        let tokens = text.split(separator: " ")
        guard let first = tokens.first else { return nil }
        var dayNumber = 0
        var rest = tokens[...]
        if first.contains("/") {
            let date = first.split(separator: "/").compactMap { Int($0) }
            guard date.count == 3 else { return nil }
            var (month, day, year) = (date[0], date[1], date[2])
            if month > 12 { swap(&month, &day) }
            if year < 100 { year += 2000 }
            dayNumber = daysFromCivil(year: year, month: month, day: day)
            rest = rest.dropFirst()
        }
        guard let time = rest.first, var seconds = timeOfDay(time) else { return nil }
        if let meridiem = rest.dropFirst().first?.uppercased() {
            guard meridiem == "AM" || meridiem == "PM" else { return nil }
            if seconds >= 12 * 3600 { seconds -= 12 * 3600 }
            if meridiem == "PM" { seconds += 12 * 3600 }
        }
        return Double(dayNumber) * 86400 + seconds
    }

    /// A date and a time given as two byte fields (`2026-11-27`, `10:15:07`, as vmstat `-t` prints them):
    /// that common shape is read without making strings, any other goes through `iso8601(_:)`.
    package static func iso8601(date: UnsafeBufferPointer<UInt8>, time: UnsafeBufferPointer<UInt8>) -> Double? {
        func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let (dash, colon) = (UInt8(ascii: "-"), UInt8(ascii: ":"))
        if date.count == 10, date[4] == dash, date[7] == dash, time.count == 8, time[2] == colon, time[5] == colon,
            let year = digits(date, 0..<4), let month = digits(date, 5..<7), let day = digits(date, 8..<10),
            let hours = digits(time, 0..<2), let minutes = digits(time, 3..<5), let seconds = digits(time, 6..<8),
            hours < 24, minutes < 60
        {
            return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + Double(hours * 3600 + minutes * 60 + seconds)
        }
        return iso8601(Substring(String(decoding: date, as: UTF8.self) + " " + String(decoding: time, as: UTF8.self)))
    }

    /// Either form.
    package static func any(_ text: Substring) -> Double? {
        iso8601(text) ?? locale(text)
    }

    /// `HH:MM:SS[.fff]`.
    package static func timeOfDay(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]), let s = NumberParser.parse(parts[2]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return Double(h * 3600 + m * 60) + s
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
