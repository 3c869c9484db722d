import FileSearch

/// A `QueryNode` translated for SQLite: one FTS5 MATCH expression for the scored text part plus
/// SQL conditions on the row id for everything else.
///
/// Every user value reaches SQLite as a bound parameter. Text terms are additionally written
/// inside FTS5 double-quoted strings with `"` doubled (and control bytes replaced by spaces), so no
/// FTS5 operator (`*`, `^`, `NEAR(`, `:`, `AND`, parentheses …) typed by a user is ever interpreted.
struct FTS5Plan: Equatable {
    /// The positive, scored part (nil: the query has no positive text; every hit scores 0).
    var match: String?
    /// SQL conditions; `§R` stands for the row id expression of the outer query where the constraint should
    /// drive the scan (a `filed:` row-id interval, which FTS5 consumes itself), `§F` where it should only be
    /// checked per matching row (set membership: with the FTS5 table, an `IN` used as an index would restart the
    /// MATCH — and its bm25 idf scan — once per listed row id).
    var conditions: [String]
    /// Parameters of `conditions`, in order of appearance.
    var bindings: [SQLiteValue]

    /// The conditions for row id expression `rowid`; `checkOnly` prefixes `§F` uses with `+` (no index use).
    func sql(rowid: String, checkOnly: Bool = false) -> String {
        conditions.map { $0.replacingOccurrences(of: "§R", with: rowid).replacingOccurrences(of: "§F", with: (checkOnly ? "+" : "") + rowid) }
            .joined(separator: " AND ")
    }
}

extension SQLiteValue: Equatable {
    static func == (a: SQLiteValue, b: SQLiteValue) -> Bool {
        switch (a, b) {
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.text(x), .text(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }
}

/// Translates `QueryNode` trees. Semantics mirrored from the native engine:
/// - a non-exact, non-prefix term matches every indexed term with the same `Stemmer.stem` (its stem group,
///   from the `stems` table): one FTS5 string whose alternatives are query-time synonyms (see `FTS5Tokenizer`);
///   `exact` terms match that term only; prefix terms use FTS5 prefix queries (`"warr" *`).
/// - phrases (`slop == 0`) are FTS5 phrases (`"a" + "b"`), each position a term group.
/// - proximity (`slop = k`) of two different words is `NEAR(g1 g2, k)`: occurrences at most k + 1 positions
///   apart, any order (a block boundary counts as one position). Known difference: FTS5 also accepts both
///   words at the SAME position (stacked compound parts: `interest-rate` indexes `interest` and `rate` there);
///   native requires different positions. Three or more words, or a repeated word: unsupported.
/// - filters become SQL conditions; `filed:` becomes a row-id interval (rowids follow filed date).
///
/// Throws `SearchError.unsupported` (never guesses) for: a field filter OR-ed with text (bm25 can only
/// score one MATCH; the hit set would be expressible but not its ranking), a negation inside OR, an OR
/// containing `*`, proximity over 3+ words or of a word with itself, and a term, phrase or company name with
/// no searchable token (`*`, `"`, empty).
struct FTS5QueryTranslator {
    /// Exact indexed terms with the same stem as the given (folded) query term.
    var stemGroup: (String) throws -> [String]
    /// Row-id interval of documents filed in a range (nil bounds open); nil when none is.
    var filedRowids: (DateRange) throws -> ClosedRange<Int64>?

    /// One translated subtree: rows matching `text` (if any) AND NOT any of `negText` AND all of `sql`.
    private struct Part {
        var text: String?
        var negText: [String] = []
        var sql: [(String, [SQLiteValue])] = []
        var isPureText: Bool { text != nil && sql.isEmpty }
        var isPureSQL: Bool { text == nil && negText.isEmpty && !sql.isEmpty }
        /// The text part with its negations folded in (`a NOT b NOT c`), when there is positive text.
        var foldedText: String? {
            guard let text else { return nil }
            return negText.reduce(text) { "(\($0)) NOT (\($1))" }
        }
    }

    func translate(_ node: QueryNode) throws -> FTS5Plan {
        let p = try part(node)
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []
        if p.text == nil {
            for n in p.negText {
                conditions.append("§F NOT IN (SELECT rowid FROM t WHERE t MATCH ?)")
                bindings.append(.text(n))
            }
        }
        for (c, b) in p.sql { conditions.append(c); bindings += b }
        return FTS5Plan(match: p.foldedText, conditions: conditions, bindings: bindings)
    }

    private func part(_ node: QueryNode) throws -> Part {
        switch node {
        case .all:
            return Part()
        case let .term(t, prefix, exact):
            let toks = try tokens(t)
            if prefix {
                // `a-b*` (several tokens): the phrase `a b*`, as FTS5 reads a quoted prefix phrase.
                return Part(text: toks.dropLast().map(quote).joined(separator: " + ") + (toks.count > 1 ? " + " : "") + quote(toks[toks.count - 1]) + " *")
            }
            if toks.count > 1 { return Part(text: toks.map(quote).joined(separator: " + ")) }
            return Part(text: try group(toks[0], exact: exact))
        case let .phrase(ts, slop, exact):
            // Each element is one position's term group; an element of several tokens stands for them all, exact.
            var groups: [String] = []
            for el in ts {
                let toks = try tokens(el)
                if toks.count == 1 { groups.append(try group(toks[0], exact: exact)) } else { groups += toks.map(quote) }
            }
            if groups.count == 1 { return Part(text: groups[0]) }
            if slop <= 0 { return Part(text: groups.joined(separator: " + ")) }
            // Native proximity: every other word within (n − 1) + slop positions of the FIRST word, at another
            // position. FTS5 NEAR: all words inside one window of slop + 1 extra positions. The two agree for two
            // different words (up to stacked parts, see FTS5Backend); for more words or a repeated word they do not.
            guard groups.count == 2 else {
                throw SearchError.unsupported("proximity over \(groups.count) words: native measures each word's distance from the first word, FTS5 NEAR the span of all words; only two-word proximity is equivalent")
            }
            guard groups[0] != groups[1] else {
                throw SearchError.unsupported("proximity of a word with itself: FTS5 NEAR lets one occurrence count twice, native needs two")
            }
            return Part(text: "NEAR(" + groups.joined(separator: " ") + ", \(slop))")
        case let .filter(f):
            return Part(sql: [try filter(f)])
        case let .not(child):
            let c = try part(child)
            if c.isPureText, let t = c.foldedText { return Part(negText: [t]) }
            // Anything else is a pure row set: negate it in SQL.
            let (sql, b) = try rowSet(c)
            return Part(sql: [("§F NOT IN (\(sql))", b)])
        case let .and(children):
            var out = Part()
            var texts: [String] = []
            for c in children {
                let p = try part(c)
                if let t = p.text { texts.append(t) }
                out.negText += p.negText
                out.sql += p.sql
            }
            if !texts.isEmpty { out.text = texts.count == 1 ? texts[0] : texts.map { "(\($0))" }.joined(separator: " AND ") }
            return out
        case let .or(children):
            let parts = try children.map(part)
            if parts.allSatisfy(\.isPureText) {
                let ts = parts.compactMap(\.foldedText)
                return Part(text: ts.count == 1 ? ts[0] : ts.map { "(\($0))" }.joined(separator: " OR "))
            }
            if parts.allSatisfy(\.isPureSQL) {
                var sql: [String] = []
                var b: [SQLiteValue] = []
                for p in parts {
                    sql.append("(" + p.sql.map(\.0).joined(separator: " AND ") + ")")
                    b += p.sql.flatMap(\.1)
                }
                return Part(sql: [("(" + sql.joined(separator: " OR ") + ")", b)])
            }
            if parts.contains(where: { $0.text == nil && $0.sql.isEmpty && $0.negText.isEmpty }) {
                throw SearchError.unsupported("OR with an all-documents operand ('*') has no FTS5 MATCH equivalent")
            }
            if parts.contains(where: { $0.text == nil && !$0.negText.isEmpty }) {
                throw SearchError.unsupported("a negation inside OR (e.g. 'a OR -b') has no FTS5 MATCH equivalent")
            }
            throw SearchError.unsupported("a field filter OR-ed with text terms: FTS5 bm25() scores one MATCH expression, so this query cannot be ranked like the native backend")
        }
    }

    /// The SQL row set of a part (for negation): `SELECT rowid FROM docs WHERE …`.
    private func rowSet(_ p: Part) throws -> (String, [SQLiteValue]) {
        var conds: [String] = []
        var b: [SQLiteValue] = []
        if let t = p.text { conds.append("d.rowid IN (SELECT rowid FROM t WHERE t MATCH ?)"); b.append(.text(t)) }
        for n in p.negText { conds.append("d.rowid NOT IN (SELECT rowid FROM t WHERE t MATCH ?)"); b.append(.text(n)) }
        for (c, cb) in p.sql { conds.append(c.replacingOccurrences(of: "§R", with: "d.rowid").replacingOccurrences(of: "§F", with: "d.rowid")); b += cb }
        return ("SELECT d.rowid FROM docs d" + (conds.isEmpty ? "" : " WHERE " + conds.joined(separator: " AND ")), b)
    }

    private func filter(_ f: FieldFilter) throws -> (String, [SQLiteValue]) {
        switch f {
        case let .form(values):
            guard !values.isEmpty else { return ("0", []) }
            let marks = Array(repeating: "?", count: values.count).joined(separator: ",")
            return ("§F IN (SELECT rowid FROM docs WHERE form_key IN (\(marks)))", values.map { .text(FTS5Keys.keyword($0)) })
        case let .cik(v):
            return ("§F IN (SELECT doc FROM doc_ciks WHERE value = ?)", [.text(FTS5Keys.cik(v))])
        case let .sic(v):
            return ("§F IN (SELECT doc FROM doc_sics WHERE value = ?)", [.text(v.trimmingASCIIWhitespace())])
        case let .state(v):
            return ("§F IN (SELECT doc FROM doc_states WHERE value = ?)", [.text(FTS5Keys.keyword(v))])
        case let .documentType(v):
            return ("§F IN (SELECT rowid FROM docs WHERE doc_type_key = ?)", [.text(FTS5Keys.keyword(v))])
        case let .accession(v):
            return ("§F IN (SELECT rowid FROM docs WHERE accession = ?)", [.text(v.trimmingASCIIWhitespace())])
        case let .filed(range):
            guard let r = try filedRowids(range) else { return ("0", []) }
            return ("§R BETWEEN ? AND ?", [.int(r.lowerBound), .int(r.upperBound)])
        case let .period(range):
            var c: [String] = ["period IS NOT NULL"]
            var b: [SQLiteValue] = []
            if let lo = range.lower { c.append("period >= ?"); b.append(.int(Int64(lo.daysSinceEpoch))) }
            if let hi = range.upper { c.append("period <= ?"); b.append(.int(Int64(hi.daysSinceEpoch))) }
            return ("§F IN (SELECT rowid FROM docs WHERE \(c.joined(separator: " AND ")))", b)
        case let .company(terms):
            guard !terms.isEmpty else { throw SearchError.unsupported("an empty company name") }
            let phrase = try terms.flatMap(tokens).map(quote).joined(separator: " + ")
            return ("§F IN (SELECT doc FROM doc_companies WHERE company IN (SELECT rowid FROM company_fts WHERE company_fts MATCH ?))", [.text(phrase)])
        }
    }

    /// A term group as one FTS5 string: the term, then every other exact term with its stem.
    private func group(_ term: String, exact: Bool) throws -> String {
        var alternatives = [term]
        if !exact {
            for t in try stemGroup(term) where t != term { alternatives.append(t) }
        }
        let sep = String(UnicodeScalar(FTS5Tokenizer.alternativeSeparator))
        return "\"" + alternatives.map(Self.escape).joined(separator: sep) + "\""
    }

    private func quote(_ term: String) -> String { "\"" + Self.escape(term) + "\"" }

    /// `s` analyzed in query mode (terms in a `QueryNode` are normally single analyzed tokens already;
    /// hand-made nodes may hold any text, which is then searched for as the tokens it contains).
    /// - Throws: `SearchError.unsupported` when `s` contains no searchable token (`*`, `"`, empty).
    private func tokens(_ s: String) throws -> [String] {
        let t = analyzer.terms(Self.escape(s)) // control bytes → spaces first
        guard !t.isEmpty else { throw SearchError.unsupported("'\(s)' contains no searchable term") }
        return t
    }

    private let analyzer = Analyzer(mode: .query)

    /// Text safe inside an FTS5 double-quoted string: `"` doubled, control bytes (NUL, the
    /// alternative separator, newlines) replaced by spaces.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else if ch.value < 0x20 || ch.value == 0x7F { out += " " } else { out.unicodeScalars.append(ch) }
        }
        return out
    }
}
