/// Parses the date syntax of `filed:` and `period:` values and of `--from`/`--to`.
///
/// Forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (the whole year / month / day), `A..B` (either side
/// may be empty: `2024..`, `..2024-03-31`), `>=D`, `>D`, `<=D`, `<D`. Every bound is inclusive.
public enum DateRangeSyntax {
    /// What the parser expects, for error messages.
    public static let expected = "a date YYYY, YYYY-MM or YYYY-MM-DD, a range A..B, or >=D, >D, <=D, <D"

    /// The range `text` denotes, or nil when it is malformed or names a day that does not exist.
    public static func parse(_ text: String) -> DateRange? {
        let u = Array(text.utf8)
        if let k = u.indices.dropLast().first(where: { u[$0] == 46 && u[$0 + 1] == 46 }) {
            let a = String(decoding: u[..<k], as: UTF8.self), b = String(decoding: u[(k + 2)...], as: UTF8.self)
            if a.isEmpty && b.isEmpty { return nil }
            let lo = a.isEmpty ? nil : span(a)?.lower
            let hi = b.isEmpty ? nil : span(b)?.upper
            if !a.isEmpty && lo == nil { return nil }
            if !b.isEmpty && hi == nil { return nil }
            if let lo, let hi, lo > hi { return nil }
            return DateRange(lower: lo, upper: hi)
        }
        for (op, make) in [(">=", { (s: DateRange) in DateRange(lower: s.lower, upper: nil) }),
                           ("<=", { DateRange(lower: nil, upper: $0.upper) }),
                           (">", { DateRange(lower: $0.upper.map { FilingDate(daysSinceEpoch: $0.daysSinceEpoch + 1) }, upper: nil) }),
                           ("<", { DateRange(lower: nil, upper: $0.lower.map { FilingDate(daysSinceEpoch: $0.daysSinceEpoch - 1) }) })]
        where text.hasPrefix(op) {
            guard let s = span(String(text.dropFirst(op.count))) else { return nil }
            return make(s)
        }
        return span(text)
    }

    /// The days `YYYY`, `YYYY-MM` or `YYYY-MM-DD` covers.
    static func span(_ text: String) -> DateRange? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let y = Int(parts[0]) else { return nil }
        switch parts.count {
        case 1:
            guard let lo = FilingDate(year: y, month: 1, day: 1), let hi = FilingDate(year: y, month: 12, day: 31) else { return nil }
            return DateRange(lower: lo, upper: hi)
        case 2:
            guard let m = Int(parts[1]), let lo = FilingDate(year: y, month: m, day: 1),
                  let hi = FilingDate(year: y, month: m, day: FilingDate.daysIn(month: m, year: y)) else { return nil }
            return DateRange(lower: lo, upper: hi)
        default:
            guard let m = Int(parts[1]), let d = Int(parts[2]), let day = FilingDate(year: y, month: m, day: d) else { return nil }
            return DateRange(lower: day, upper: day)
        }
    }
}
