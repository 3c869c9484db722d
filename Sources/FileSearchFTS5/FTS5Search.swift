import CSQLite
import FileSearch

/// Executes one translated query: the top-k page, the exact total, hit fields, snippets, facets.
///
/// Plan: with positive text, `SELECT t.rowid, rank FROM t WHERE t MATCH ? AND <filters>
/// ORDER BY rank, t.rowid LIMIT k OFFSET o` — FTS5 evaluates MATCH and the row-id interval of a
/// `filed:` filter itself (pushed down), SQLite keeps a k-row sorter, `rowid` breaks ties (rowid order is
/// filed date newest first, the native tie-break). Without positive text every hit scores 0 and the
/// page is the first k row ids of `docs` passing the filters. The total is a separate `count(*)`.
struct FTS5Search {
    let db: SQLiteConnection
    let request: SearchRequest
    let plan: FTS5Plan

    /// The matching rows as `(r, s)`: row id and FTS5 rank (negated score; 0 without text).
    private var base: (sql: String, bindings: [SQLiteValue]) {
        if let match = plan.match {
            let extra = plan.conditions.isEmpty ? "" : " AND " + plan.sql(rowid: "t.rowid", checkOnly: true)
            return ("SELECT t.rowid AS r, rank AS s FROM t WHERE t MATCH ?" + extra, [.text(match)] + plan.bindings)
        }
        let cond = plan.conditions.isEmpty ? "" : " WHERE " + plan.sql(rowid: "d.rowid")
        return ("SELECT d.rowid AS r, 0.0 AS s FROM docs d" + cond, plan.bindings)
    }

    /// The page query and the count query (both take `base`'s bindings; the page adds LIMIT, OFFSET).
    var statements: (page: String, count: String) {
        let (baseSQL, _) = base
        let byRank = request.sort == .relevance && plan.match != nil
        let order = byRank ? "s, r" : "r"
        if request.groupByFiling {
            return ("""
            SELECT r, s FROM (SELECT m.r AS r, m.s AS s, row_number() OVER (PARTITION BY coalesce(d.accession, d.source_path) ORDER BY \(byRank ? "m.s, m.r" : "m.r")) AS rn
              FROM (\(baseSQL)) m JOIN docs d ON d.rowid = m.r) WHERE rn = 1 ORDER BY \(order) LIMIT ? OFFSET ?
            """, "SELECT count(DISTINCT coalesce(d.accession, d.source_path)) FROM (\(baseSQL)) m JOIN docs d ON d.rowid = m.r")
        }
        if plan.match != nil {
            let extra = plan.conditions.isEmpty ? "" : " AND " + plan.sql(rowid: "t.rowid", checkOnly: true)
            return ("SELECT t.rowid, rank FROM t WHERE t MATCH ?\(extra) ORDER BY \(byRank ? "rank, t.rowid" : "t.rowid") LIMIT ? OFFSET ?",
                    "SELECT count(*) FROM t WHERE t MATCH ?\(extra)")
        }
        return ("\(baseSQL) ORDER BY r LIMIT ? OFFSET ?", "SELECT count(*) FROM (\(baseSQL))")
    }

    /// SQLite's plan for the page query (`EXPLAIN QUERY PLAN`), one line per step.
    func queryPlan() throws -> [String] {
        try db.rows("EXPLAIN QUERY PLAN " + statements.page, base.bindings + [.int(Int64(request.limit)), .int(Int64(request.offset))]) { $0.text(3) ?? "" }
    }

    func run() throws -> SearchResponse {
        let (_, baseBindings) = base
        let (page, countSQL) = statements
        let pageRows = try db.rows(page, baseBindings + [.int(Int64(max(0, request.limit))), .int(Int64(max(0, request.offset)))]) {
            ($0.int(0), -$0.double(1))
        }
        let total = Int(try db.scalarInt(countSQL, baseBindings))
        var hits: [SearchHit] = []
        hits.reserveCapacity(pageRows.count)
        let fields = try db.prepare("""
        SELECT accession, form, filed, period, companies, ciks, doc_type, doc_filename, description, source_path, sequence
        FROM docs WHERE rowid = ?1
        """)
        for (rowid, score) in pageRows {
            var hit = try hitFields(fields, rowid, score: score == 0 ? 0 : score) // -0.0 → 0
            if request.snippets > 0, let match = plan.match { hit.snippets = try snippet(rowid, match: match) }
            if request.explain {
                hit.explanation = [ScoreComponent(description: "fts5 bm25(body 1, meta 2; k1 1.2, b 0.75, pooled row length)", value: hit.score)]
            }
            hits.append(hit)
        }
        let facets = request.facets ? try self.facets(base.sql, baseBindings) : nil
        return SearchResponse(total: total, totalIsExact: true, hits: hits, facets: facets)
    }

    /// The stored fields of one row, read with the prepared `s` (reset here for reuse).
    private func hitFields(_ s: SQLiteStatement, _ rowid: Int64, score: Double) throws -> SearchHit {
        s.reset()
        try s.bind([.int(rowid)])
        guard try s.step() else { throw SearchError.index("FTS5 database: row \(rowid) missing from docs (rebuild)") }
        func date(_ c: Int32) -> FilingDate? { s.isNull(c) ? nil : FilingDate(daysSinceEpoch: Int32(truncatingIfNeeded: s.int(c))) } // stored from Int32
        func list(_ c: Int32) -> [String] { (s.text(c) ?? "").split(separator: "\n").map(String.init) }
        return SearchHit(docID: UInt64(rowid), score: score, accession: s.text(0), formType: s.text(1), filed: date(2),
                         period: date(3), companyNames: list(4), ciks: list(5), documentType: s.text(6),
                         documentFileName: s.text(7), description: s.text(8), sourcePath: s.text(9) ?? "",
                         sequence: Int(s.int(10)))
    }

    /// One FTS5 `snippet()` fragment (FTS5 yields one per call), highlights as byte ranges.
    private func snippet(_ rowid: Int64, match: String) throws -> [Snippet] {
        let rows = try db.rows("SELECT snippet(t, -1, char(2), char(3), '…', 24) FROM t WHERE t MATCH ?1 AND rowid = ?2",
                               [.text(match), .int(rowid)]) { $0.bytes(0) }
        guard let marked = rows.first, !marked.isEmpty else { return [] }
        var text: [UInt8] = []
        var highlights: [Range<Int>] = []
        var open: Int?
        for b in marked {
            if b == 2 { open = text.count } else if b == 3, let o = open { highlights.append(o..<text.count); open = nil } else { text.append(b) }
        }
        return [Snippet(text: String(decoding: text, as: UTF8.self), highlights: highlights)]
    }

    private func facets(_ baseSQL: String, _ b: [SQLiteValue]) throws -> Facets {
        func counts(_ sql: String) throws -> [(String, Int)] { try db.rows(sql, b) { ($0.text(0) ?? "", Int($0.int(1))) } }
        let m = "WITH m AS (\(baseSQL)) "
        return Facets(
            formType: try counts(m + "SELECT d.form, count(*) FROM m JOIN docs d ON d.rowid = m.r WHERE d.form IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"),
            yearFiled: try counts(m + "SELECT strftime('%Y', d.filed * 86400, 'unixepoch'), count(*) FROM m JOIN docs d ON d.rowid = m.r WHERE d.filed IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 10"),
            company: try counts(m + "SELECT c.name, count(*) FROM m JOIN doc_companies dc ON dc.doc = m.r JOIN companies c ON c.id = dc.company GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"))
    }
}
