/// One query of a comparison set: its class (`rare_term`, `phrase_form` …) and its text.
public struct ComparisonQuery: Sendable, Equatable, Codable {
    public var queryClass: String
    public var query: String
    public init(queryClass: String, query: String) {
        self.queryClass = queryClass
        self.query = query
    }

    /// Parses a TSV query set: a header line `class<TAB>query`, then one query per line.
    /// Blank lines and lines starting with `#` are skipped.
    /// - Throws: `ComparisonError.malformedQuerySet` naming the line when a row has no tab or an empty field.
    public static func parseTSV(_ text: String) throws -> [ComparisonQuery] {
        var out: [ComparisonQuery] = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            if i == 0 && line.hasPrefix("class\t") { continue }
            guard let tab = line.firstIndex(of: "\t") else { throw ComparisonError.malformedQuerySet(line: i + 1, "no tab between class and query") }
            let cls = String(line[..<tab]), q = String(line[line.index(after: tab)...])
            guard !cls.isEmpty, !q.isEmpty else { throw ComparisonError.malformedQuerySet(line: i + 1, "empty class or query") }
            out.append(ComparisonQuery(queryClass: cls, query: q))
        }
        return out
    }
}

/// Errors of the comparison harness.
public enum ComparisonError: Error, CustomStringConvertible, Equatable {
    case malformedQuerySet(line: Int, String)
    public var description: String {
        switch self {
        case let .malformedQuerySet(line, m): return "query set line \(line): \(m)"
        }
    }
}
