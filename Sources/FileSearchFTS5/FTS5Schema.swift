import FileSearch

/// The FTS5 backend's database layout (one SQLite file).
///
/// - `info(key, value)`: `format_version`, build figures.
/// - `docs`: one row per `DocumentRecord`; `rowid` is assigned in filed-date order, NEWEST first
///   (undated last, input order within a day), so a filed-date range is one rowid interval FTS5 can
///   push down, and "filed desc, then id" (the native tie-break and date sort) is plain rowid order.
///   `form_key`/`doc_type_key` hold the parser-normalized values (upper case, single spaces).
/// - `doc_text(rowid, body, meta)`: the extracted text, stored ONCE (uncompressed: SQLite has no
///   built-in compression) and used by FTS5 as its external content table, so `snippet()` works.
/// - `t`: `fts5(body, meta, content='doc_text', tokenize='filesearch')` with `detail=full` (positions).
///   `meta` = company names, description, document type, file name, joined with `\n` like the native index.
/// - `doc_ciks`, `doc_sics`, `doc_states` (`value`, `doc`): WITHOUT ROWID keyword → rowid maps.
/// - `companies(id, name)` + `company_fts` (external content) + `doc_companies(company, doc)`:
///   the `company:"…"` filter is a phrase match inside ONE entity name.
/// - `stems(stem, term)`: `Stemmer.stem` of every distinct indexed term (query-time stem groups).
enum FTS5Schema {
    static let formatVersion = 1

    /// Tables created before loading (indexes that speed lookups are added after the load).
    static let create = """
    CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
    CREATE TABLE docs(
      rowid INTEGER PRIMARY KEY, accession TEXT, source_path TEXT NOT NULL, sequence INTEGER NOT NULL,
      form TEXT, form_key TEXT, filed INTEGER, period INTEGER, doc_type TEXT, doc_type_key TEXT,
      doc_filename TEXT, description TEXT, ciks TEXT, companies TEXT, sics TEXT, states TEXT);
    CREATE TABLE doc_text(rowid INTEGER PRIMARY KEY, body TEXT, meta TEXT);
    CREATE VIRTUAL TABLE t USING fts5(body, meta, content='doc_text', content_rowid='rowid', tokenize='filesearch');
    CREATE TABLE doc_ciks(value TEXT, doc INTEGER, PRIMARY KEY(value, doc)) WITHOUT ROWID;
    CREATE TABLE doc_sics(value TEXT, doc INTEGER, PRIMARY KEY(value, doc)) WITHOUT ROWID;
    CREATE TABLE doc_states(value TEXT, doc INTEGER, PRIMARY KEY(value, doc)) WITHOUT ROWID;
    CREATE TABLE companies(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE VIRTUAL TABLE company_fts USING fts5(name, content='companies', content_rowid='id', tokenize='filesearch');
    CREATE TABLE doc_companies(company INTEGER, doc INTEGER, PRIMARY KEY(company, doc)) WITHOUT ROWID;
    CREATE TABLE stems(stem TEXT, term TEXT, PRIMARY KEY(stem, term)) WITHOUT ROWID;
    """

    /// Secondary indexes, built once after the bulk load (cheaper than maintaining them per row).
    static let indexes = """
    CREATE INDEX docs_filed ON docs(filed);
    CREATE INDEX docs_period ON docs(period);
    CREATE INDEX docs_form ON docs(form_key);
    CREATE INDEX docs_type ON docs(doc_type_key);
    CREATE INDEX docs_accession ON docs(accession);
    """

    /// Every table the backend needs, checked on open.
    static let requiredTables = ["info", "docs", "doc_text", "t", "doc_ciks", "doc_sics", "doc_states",
                                 "companies", "company_fts", "doc_companies", "stems"]
}

/// Normalization of keyword values, applied identically when storing and when querying.
enum FTS5Keys {
    /// Upper case, runs of white space collapsed to one space, trimmed (form types, document types, states).
    static func keyword(_ s: String) -> String {
        var out: [UInt8] = []
        var space = false
        for b in s.utf8 {
            if b == 32 || b == 9 || b == 10 || b == 13 { space = !out.isEmpty; continue }
            if space { out.append(32); space = false }
            out.append(b >= 97 && b <= 122 ? b - 32 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 10-digit CIK, or the trimmed text when it is not a CIK (then it matches nothing real).
    static func cik(_ s: String) -> String { CIK.normalize(s) ?? s.trimmingASCIIWhitespace() }

    /// The meta field text: company names, description, document type, file name, joined by `\n`.
    static func meta(_ r: DocumentRecord) -> [UInt8] {
        var parts = r.companyNames
        if let d = r.description { parts.append(d) }
        if let t = r.documentType { parts.append(t) }
        if let f = r.documentFileName { parts.append(f) }
        return Array(parts.joined(separator: "\n").utf8)
    }
}
