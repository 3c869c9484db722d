import CSQLite
import FileSearch
import Foundation

/// SQLite FTS5 comparison backend (see issue 5): the same `DocumentRecord`s and the same
/// `QueryNode`s as the native index, executed by SQLite FTS5.
public enum FTS5Info {
    /// The linked SQLite library version.
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}

/// A read-only FTS5 database opened for searching.
///
/// Ranking is FTS5's `bm25()` with column weights body 1, meta 2 (configured as the table's `rank`).
/// Differences from the native BM25 that FTS5 does not let us change (documented, not bugs):
/// k1 = 1.2 and b = 0.75 are compiled in; the idf is `ln((N - n + 0.5) / (n + 0.5))` (clamped to 1e-6)
/// instead of `ln(1 + …)`; term frequencies of both columns are pooled (weighted) against ONE row length
/// (body + meta tokens, gap sentinels included) instead of per-field BM25; a term group counts as one
/// phrase. So hit sets must agree exactly, rankings only approximately.
///
/// Hit-set differences that FTS5 cannot avoid (tested in ProximityTests, reported by `filesearch compare`):
/// two-word proximity also matches both words stacked at ONE position (`interest-rate` for
/// `interest NEAR/5 rate`), which native proximity excludes. Query forms without a faithful FTS5 plan throw
/// `SearchError.unsupported` (see `FTS5QueryTranslator`).
///
/// Thread safety: one connection guarded by a lock (SQLite connections are not concurrent).
public final class FTS5Backend: SearchBackend, @unchecked Sendable { // @unchecked: all access to `db` holds `lock`
    let db: SQLiteConnection
    private let lock = NSLock()
    public let path: String

    private init(db: SQLiteConnection, path: String) {
        self.db = db
        self.path = path
    }

    /// Opens an existing database read-only (queries can never change it).
    /// - Throws: `SearchError.index` naming the file when it is missing, not SQLite, or of another format.
    public static func open(path: String) throws -> FTS5Backend {
        let rebuild = "rebuild with `filesearch index --backend fts5 --rebuild`"
        guard FileManager.default.fileExists(atPath: path) else {
            throw SearchError.index("FTS5 database not found: \(path) (\(rebuild))")
        }
        do {
            let db = try SQLiteConnection(path: path, readOnly: true)
            try FTS5Tokenizer.register(on: db)
            let names = try Set(db.rows("SELECT name FROM sqlite_master") { $0.text(0) ?? "" })
            let missing = FTS5Schema.requiredTables.filter { !names.contains($0) }
            guard missing.isEmpty else {
                throw SearchError.index("\(path) is not a filesearch FTS5 database (missing \(missing.joined(separator: ", "))); \(rebuild)")
            }
            let version = try db.rows("SELECT value FROM info WHERE key = 'format_version'") { $0.text(0) }.first ?? nil
            guard version == "\(FTS5Schema.formatVersion)" else {
                throw SearchError.index("\(path) has FTS5 format version \(version ?? "none"), expected \(FTS5Schema.formatVersion); \(rebuild)")
            }
            try db.execute("PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;")
            try db.execute("CREATE VIRTUAL TABLE temp.vocab_row USING fts5vocab(main, t, row)")
            try db.execute("PRAGMA query_only = 1")
            return FTS5Backend(db: db, path: path)
        } catch let e as SQLiteError {
            throw SearchError.index("cannot open FTS5 database \(path): \(e.message); \(rebuild)")
        }
    }

    /// Builds a database from records and opens it.
    public static func build(records: [DocumentRecord], databasePath: String) throws -> (FTS5Backend, FTS5BuildReport) {
        let report = try FTS5Builder.build(records: records, databasePath: databasePath)
        return (try open(path: databasePath), report)
    }

    /// Builds a database from corpus files (`CorpusWalker(roots:).files()`) and opens it.
    public static func build(files: [CorpusFile], databasePath: String) throws -> (FTS5Backend, FTS5BuildReport) {
        let report = try FTS5Builder.build(files: files, databasePath: databasePath)
        return (try open(path: databasePath), report)
    }

    /// The translated form of a query (MATCH expression, SQL conditions), for `--explain` and tests.
    public func translate(_ query: QueryNode) throws -> (match: String?, conditions: String) {
        try locked {
            let p = try translator().translate(query)
            return (p.match, p.sql(rowid: p.match == nil ? "d.rowid" : "t.rowid", checkOnly: p.match != nil))
        }
    }

    /// SQLite's query plan for a request's page query (diagnostics: shows which filters FTS5 consumes).
    public func queryPlan(_ request: SearchRequest) throws -> [String] {
        try locked { try FTS5Search(db: db, request: request, plan: try translator().translate(request.query)).queryPlan() }
    }

    public func search(_ request: SearchRequest) throws -> SearchResponse {
        try locked {
            do { return try FTS5Search(db: db, request: request, plan: try translator().translate(request.query)).run() }
            catch let e as SQLiteError { throw SearchError.unsupported("FTS5 rejected the query: \(e.message)") }
        }
    }

    public func stats() throws -> IndexStats {
        try locked {
            let docs = Int(try db.scalarInt("SELECT count(*) FROM docs"))
            let filings = Int(try db.scalarInt("SELECT count(DISTINCT coalesce(accession, source_path)) FROM docs"))
            let sentinel = String(UnicodeScalar(FTS5Tokenizer.sentinel))
            let vocab = try db.prepare("SELECT count(*), sum(doc), sum(cnt) FROM temp.vocab_row WHERE term <> ?1")
            try vocab.bind([.text(sentinel)])
            _ = try vocab.step()
            var bytes: [String: Int] = [:]
            let groups: [String: String] = ["t_data": "fts5 index", "t_idx": "fts5 index", "t_docsize": "fts5 docsize",
                                            "t_config": "fts5 index", "doc_text": "text", "stems": "stems"]
            for (name, size) in try db.rows("SELECT name, sum(pgsize) FROM dbstat GROUP BY name", [], { ($0.text(0) ?? "", Int($0.int(1))) }) {
                let key = groups[name] ?? (name.hasPrefix("company") || name.hasPrefix("companies") ? "companies" : (name.hasPrefix("sqlite") ? "sqlite" : "fields"))
                bytes[key, default: 0] += size
            }
            return IndexStats(backend: "fts5", formatVersion: FTS5Schema.formatVersion, documents: docs, filings: filings,
                              terms: Int(vocab.int(0)), postings: Int(vocab.int(1)), positions: Int(vocab.int(2)),
                              segments: 1, bytesByComponent: bytes)
        }
    }

    private func translator() -> FTS5QueryTranslator {
        let db = self.db
        return FTS5QueryTranslator(
            stemGroup: { term in
                try db.rows("SELECT term FROM stems WHERE stem = ?1", [.text(String(decoding: Stemmer.stem(Array(term.utf8)), as: UTF8.self))]) { $0.text(0) ?? "" }
            },
            filedRowids: { range in
                var c: [String] = ["filed IS NOT NULL"]
                var b: [SQLiteValue] = []
                if let lo = range.lower { c.append("filed >= ?"); b.append(.int(Int64(lo.daysSinceEpoch))) }
                if let hi = range.upper { c.append("filed <= ?"); b.append(.int(Int64(hi.daysSinceEpoch))) }
                let s = try db.prepare("SELECT min(rowid), max(rowid) FROM docs WHERE " + c.joined(separator: " AND "))
                try s.bind(b)
                guard try s.step(), !s.isNull(0) else { return nil }
                return s.int(0)...s.int(1)
            })
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

extension SQLiteConnection {
    /// All rows of `sql`, each mapped by `row`.
    func rows<T>(_ sql: String, _ bindings: [SQLiteValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        let s = try prepare(sql)
        try s.bind(bindings)
        var out: [T] = []
        while try s.step() { out.append(try row(s)) }
        return out
    }
}
