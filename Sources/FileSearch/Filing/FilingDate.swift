/// A calendar day (proleptic Gregorian, UTC), stored as days since 1970-01-01.
///
/// Filing dates and periods of report are days, never instants; storing them as a
/// signed day count makes range filters integer comparisons and keeps columns 4 bytes wide.
public struct FilingDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int32

    @inlinable public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from year, month and day, or nil when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= FilingDate.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSinceEpoch = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses `YYYYMMDD` (EDGAR header style) or `YYYY-MM-DD` (ISO); nil for anything else.
    public init?<S: StringProtocol>(_ text: S) {
        let digits = text.utf8.filter { $0 != UInt8(ascii: "-") }
        let hyphens = text.utf8.count - digits.count
        guard digits.count == 8, hyphens == 0 || (hyphens == 2 && text.utf8.count == 10),
              digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if hyphens == 2 {
            let u = Array(text.utf8)
            guard u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(digits[$1] - 48) } }
        self.init(year: num(0..<4), month: num(4..<6), day: num(6..<8))
    }

    /// The civil (year, month, day) of this date.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let c = components
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso }

    @inlinable public static func < (a: FilingDate, b: FilingDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension FilingDate: Codable {
    /// Encodes as `YYYY-MM-DD`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = FilingDate(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a YYYY-MM-DD date: \(s)")
        }
        self = d
    }
}
