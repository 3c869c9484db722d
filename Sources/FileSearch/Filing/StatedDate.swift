/// Parses the date spellings filings state in their text into a `FilingDate`.
///
/// Accepts `YYYY-MM-DD`, `YYYYMMDD`, `MM-DD-YYYY`, `MM/DD/YYYY` (1–2 digit month and day),
/// and month names (`September 28, 2024`, `JUNE 30, 2023`, `Sept. 30, 2023`, `30 June 2023`).
/// Returns nil for anything else; never guesses a missing year or day.
public enum StatedDate {
    static let months: [(String, Int)] = [
        ("JANUARY", 1), ("FEBRUARY", 2), ("MARCH", 3), ("APRIL", 4), ("MAY", 5), ("JUNE", 6), ("JULY", 7),
        ("AUGUST", 8), ("SEPTEMBER", 9), ("OCTOBER", 10), ("NOVEMBER", 11), ("DECEMBER", 12),
        ("JAN", 1), ("FEB", 2), ("MAR", 3), ("APR", 4), ("JUN", 6), ("JUL", 7), ("AUG", 8), ("SEPT", 9),
        ("SEP", 9), ("OCT", 10), ("NOV", 11), ("DEC", 12),
    ]

    /// The day `text` states, or nil.
    /// - Complexity: O(text length).
    public static func parse(_ text: String) -> FilingDate? {
        let t = text.trimmingASCIIWhitespace()
        if let d = FilingDate(t) { return d }
        // Numeric with separators: MM-DD-YYYY or MM/DD/YYYY.
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        if parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
            let a = parts.map { Int($0) ?? -1 } // digits only: Int() cannot fail except on overflow
            if parts[2].count == 4 { return FilingDate(year: a[2], month: a[0], day: a[1]) }
            if parts[0].count == 4 { return FilingDate(year: a[0], month: a[1], day: a[2]) }
            return nil
        }
        // Month names: collect words of letters and numbers.
        var words: [String] = []
        var cur = ""
        for ch in t.uppercased() {
            if ch.isLetter || ch.isNumber { cur.append(ch) } else if !cur.isEmpty { words.append(cur); cur = "" }
        }
        if !cur.isEmpty { words.append(cur) }
        var month: Int? = nil, nums: [Int] = []
        for w in words {
            if let n = Int(w) { nums.append(n); continue }
            if month == nil, let m = months.first(where: { $0.0 == w })?.1 { month = m }
        }
        guard let m = month, nums.count == 2 else { return nil }
        let (day, year) = nums[0] > 31 ? (nums[1], nums[0]) : (nums[0], nums[1])
        guard year >= 1900 else { return nil }
        return FilingDate(year: year, month: m, day: day)
    }
}
