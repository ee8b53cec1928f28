/// Number formatting for the summary and the progress bar, without Foundation and without locale surprises.
///
/// ```swift
/// Formatting.grouped(1234567)        // "1,234,567"
/// Formatting.bytes(3_500_000)        // "3.3 MiB"
/// Formatting.clock(seconds: 75)      // "1:15"
/// ```
enum Formatting {
    /// `value` with `,` between groups of three digits.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// `value` rounded to `digits` decimals (at most 3), e.g. `fixed(2.345, 1)` is `2.3`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        let scale = [1.0, 10.0, 100.0, 1_000.0][min(max(digits, 0), 3)]
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        var text = (value < 0 && scaled != 0 ? "-" : "") + grouped(whole)
        if digits > 0 {
            let fraction = String(scaled % Int(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// A byte count in B, KiB, MiB or GiB with one decimal.
    static func bytes(_ count: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard count >= 1_024 else { return "\(count) B" }
        var value = Double(count) / 1_024
        var unit = 0
        while value >= 1_024 && unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        return fixed(value, 1) + " " + units[unit]
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–:––" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3_600, total / 60 % 60, total % 60)
        let ss = (secs < 10 ? "0" : "") + String(secs)
        if hours > 0 { return "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes):" + ss }
        return "\(minutes):" + ss
    }

    /// A duration in seconds as the summary shows it: `0.042 s`, `12.3 s`, `2:05`.
    static func elapsed(seconds: Double) -> String {
        if seconds < 1 { return fixed(seconds, 3) + " s" }
        if seconds < 60 { return fixed(seconds, 1) + " s" }
        return clock(seconds: seconds)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
