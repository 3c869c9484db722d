import CSQLite
import FileSearch
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What one FTS5 build did.
public struct FTS5BuildReport: Sendable, Codable {
    public var documents: Int
    public var filings: Int
    /// Bytes of extracted text (body + meta) loaded.
    public var textBytes: Int
    /// Bytes of extracted body text only (`DocumentRecord.text`, what the native build reports as text).
    public var bodyTextBytes: Int
    /// Seconds spent reading and parsing input files (0 when records were given).
    public var parseSeconds: Double
    /// Seconds spent loading SQLite (inserts, tokenizing, optimize, indexes, stems).
    public var loadSeconds: Double
    public var databaseBytes: Int
    /// Seconds of the load phases: `insert` (rows + tokenizing), `optimize` (segment merge), `finish`
    /// (secondary indexes, stems table, ANALYZE, fsync).
    public var phaseSeconds: [String: Double] = [:]
    public var totalSeconds: Double { parseSeconds + loadSeconds }
}

/// Bulk loader for the FTS5 backend, tuned the way an expert would for a rebuild.
///
/// Builds into `<path>.building-<pid>` and renames over `path` only after everything succeeded:
/// a failure or a kill leaves the previous database untouched. Settings: `page_size = 4096`,
/// `journal_mode = OFF` and `synchronous = OFF` (a rebuild is thrown away on failure, the file is
/// fsync'd once before the rename), a 512 MiB page cache, FTS5 `hashsize` 256 MiB (fewer level-0
/// segments), one transaction, prepared statements, rowids inserted in ascending order (FTS5 flushes its
/// in-memory hash whenever a rowid is not larger than the last), secondary indexes created after the load,
/// then `INSERT INTO t(t) VALUES('optimize')` (one b-tree segment), stems table, `ANALYZE`.
/// Memory: a build from files is bounded: a first pass parses every file to learn each record's
/// filed date (keeping only the sort keys), the second parses the files again in rowid order, a
/// window of about `windowBytes` of input at a time. `build(records:)` holds the given records.
public enum FTS5Builder {
    /// Input bytes parsed (in parallel) per window of the second pass.
    public static let windowBytes = 256 << 20

    /// Builds from corpus files in two passes over them (see the type's doc: memory stays bounded
    /// whatever the corpus size); parsing runs on all cores.
    /// - Parameter windowBytes: input bytes parsed per window of the second pass (memory bound).
    /// - Throws: `SQLiteError`, or an error when a file cannot be read; the previous database is then unchanged.
    public static func build(files: [CorpusFile], databasePath: String, windowBytes: Int = FTS5Builder.windowBytes) throws -> FTS5BuildReport {
        let start = Date()
        // Pass 1: every record's sort key (filed date), in input order.
        let perFile = try parallelParse(files, indices: Array(files.indices)) { $0.map(\.filed) }
        var keys: [RecordKey] = []
        for (f, dates) in perFile.enumerated() {
            for (k, d) in dates.enumerated() { keys.append(RecordKey(filed: d, file: Int32(f), record: Int32(k))) }
        }
        let order = rowOrder(keys.map(\.filed)).map { keys[$0] }
        var parseSeconds = Date().timeIntervalSince(start)
        // Pass 2: windows of the sorted keys; each window's files are parsed again (in parallel).
        let sizes = files.map { f -> Int in var st = stat(); return stat(f.path, &st) == 0 ? Int(st.st_size) : 0 }
        var report = try atomically(databasePath) { tmp in
            try load(count: order.count, into: tmp, start: Date()) { emit in
                var w = 0
                while w < order.count {
                    var end = w, bytes = 0
                    var needed: [Int] = []
                    var seen = Set<Int32>()
                    while end < order.count && (bytes < windowBytes || end == w) {
                        let f = order[end].file
                        if seen.insert(f).inserted { needed.append(Int(f)); bytes += sizes[Int(f)] }
                        end += 1
                    }
                    let t0 = Date()
                    let parsed = try parallelParse(files, indices: needed) { $0 }
                    parseSeconds += Date().timeIntervalSince(t0)
                    var byFile: [Int32: [DocumentRecord]] = [:]
                    for (i, f) in needed.enumerated() { byFile[Int32(f)] = parsed[i] }
                    for key in order[w..<end] {
                        guard let recs = byFile[key.file], Int(key.record) < recs.count else {
                            throw SQLiteError(code: SQLITE_ERROR, message: "\(files[Int(key.file)].path) changed during the build")
                        }
                        try emit(recs[Int(key.record)])
                    }
                    w = end
                }
            }
        }
        report.parseSeconds = parseSeconds
        report.loadSeconds = Date().timeIntervalSince(start) - parseSeconds
        return report
    }

    /// A record's place in the input and its filed date (the rowid order's key).
    struct RecordKey {
        var filed: FilingDate?
        var file: Int32
        var record: Int32
    }

    /// Reads and parses `files[indices]` in parallel; `transform` maps each file's records (in file
    /// order) to what the caller keeps, so only that stays in memory.
    static func parallelParse<T>(_ files: [CorpusFile], indices: [Int], _ transform: @escaping @Sendable ([DocumentRecord]) -> T) throws -> [T] {
        // Unsafe buffer: concurrentPerform threads each write only their own slot (no Array copy-on-write races).
        let results = UnsafeMutableBufferPointer<Result<T, Error>?>.allocate(capacity: indices.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let box = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: indices.count) { i in
            let f = files[indices[i]]
            // Each iteration writes only its own slot: no data race.
            box.value[i] = Result {
                guard let data = FileManager.default.contents(atPath: f.path) else {
                    throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot read \(f.path)")
                }
                return transform(Ingest.records(fileBytes: [UInt8](data), relativePath: f.relativePath, manifest: f.manifest).records)
            }
        }
        return try results.map { try $0!.get() } // every slot was written by its iteration
    }

    /// Builds the database at `databasePath` from `records` (atomic replace), creating its folder if needed.
    /// - Throws: `SQLiteError` or a file-system error; the previous file at `databasePath` is then unchanged.
    /// - Complexity: O(n log n) sort plus SQLite's load, O(total text) tokenizing.
    public static func build(records: [DocumentRecord], databasePath: String) throws -> FTS5BuildReport {
        let order = rowOrder(records.map(\.filed))
        return try atomically(databasePath) { tmp in
            try load(count: records.count, into: tmp, start: Date()) { emit in
                for i in order { try emit(records[i]) }
            }
        }
    }

    /// Runs `body` on a temporary path beside `databasePath` and renames the result over it; on any
    /// failure the temporary file is removed and `databasePath` is untouched. Creates the folder.
    private static func atomically(_ databasePath: String, _ body: (String) throws -> FTS5BuildReport) throws -> FTS5BuildReport {
        let tmp = databasePath + ".building-\(getpid())"
        let parent = (databasePath as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        unlink(tmp)
        do {
            let report = try body(tmp)
            guard rename(tmp, databasePath) == 0 else {
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot rename \(tmp) to \(databasePath): errno \(errno)")
            }
            return report
        } catch {
            unlink(tmp)
            throw error
        }
    }

    /// Rowid order: filed date newest first, undated last, input order within a day.
    /// Returns input indices in rowid order.
    static func rowOrder(_ filed: [FilingDate?]) -> [Int] {
        filed.indices.sorted { a, b in
            let fa = filed[a], fb = filed[b]
            if fa != fb {
                guard let fa else { return false }
                guard let fb else { return true }
                return fa > fb
            }
            return a < b
        }
    }

    /// Rowid order of `records` (`rowOrder` of their filed dates).
    static func rowOrder(_ records: [DocumentRecord]) -> [Int] { rowOrder(records.map(\.filed)) }

    /// Loads `count` records, given in rowid order by `produce` (which calls `emit` once per record).
    private static func load(count: Int, into path: String, start: Date,
                             _ produce: (_ emit: (DocumentRecord) throws -> Void) throws -> Void) throws -> FTS5BuildReport {
        var textBytes = 0
        var bodyTextBytes = 0
        var phases: [String: Double] = [:]
        var filings = Set<String>()
        do {
            let db = try SQLiteConnection(path: path, readOnly: false)
            try FTS5Tokenizer.register(on: db)
            try db.execute("""
            PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            PRAGMA cache_size = -524288; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY;
            """)
            try db.execute(FTS5Schema.create)
            try db.execute("INSERT INTO t(t, rank) VALUES('rank', 'bm25(1.0, 2.0)')")
            // hashsize exists since SQLite 3.29; older versions keep the default 1 MiB.
            try? db.execute("INSERT INTO t(t, rank) VALUES('hashsize', 268435456)")
            try db.execute("BEGIN")
            let insDoc = try db.prepare("""
            INSERT INTO docs(rowid, accession, source_path, sequence, form, form_key, filed, period, doc_type,
              doc_type_key, doc_filename, description, ciks, companies, sics, states)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            """)
            let insText = try db.prepare("INSERT INTO doc_text(rowid, body, meta) VALUES(?1, ?2, ?3)")
            let insFTS = try db.prepare("INSERT INTO t(rowid, body, meta) VALUES(?1, ?2, ?3)")
            let insCik = try db.prepare("INSERT OR IGNORE INTO doc_ciks(value, doc) VALUES(?1, ?2)")
            let insSic = try db.prepare("INSERT OR IGNORE INTO doc_sics(value, doc) VALUES(?1, ?2)")
            let insState = try db.prepare("INSERT OR IGNORE INTO doc_states(value, doc) VALUES(?1, ?2)")
            let insCompany = try db.prepare("INSERT INTO companies(id, name) VALUES(?1, ?2)")
            let insCompanyFTS = try db.prepare("INSERT INTO company_fts(rowid, name) VALUES(?1, ?2)")
            let insDocCompany = try db.prepare("INSERT OR IGNORE INTO doc_companies(company, doc) VALUES(?1, ?2)")
            var companyIDs: [String: Int64] = [:]

            var i = 0
            try produce { r in
                i += 1
                let rowid = Int64(i)
                if let a = r.accession { filings.insert(a) } else { filings.insert(r.sourcePath) }
                func opt(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }
                try insDoc.bind([.int(rowid), opt(r.accession), .text(r.sourcePath), .int(Int64(r.sequence)),
                                 opt(r.formType), opt(r.formType.map(FTS5Keys.keyword)),
                                 r.filed.map { .int(Int64($0.daysSinceEpoch)) } ?? .null,
                                 r.period.map { .int(Int64($0.daysSinceEpoch)) } ?? .null,
                                 opt(r.documentType), opt(r.documentType.map(FTS5Keys.keyword)),
                                 opt(r.documentFileName), opt(r.description),
                                 .text(r.ciks.joined(separator: "\n")), .text(r.companyNames.joined(separator: "\n")),
                                 .text(r.sics.joined(separator: "\n")), .text(r.states.joined(separator: "\n"))])
                try insDoc.run()
                let meta = FTS5Keys.meta(r)
                textBytes += r.text.count + meta.count
                bodyTextBytes += r.text.count
                for s in [insText, insFTS] {
                    try s.bind(.int(rowid), at: 1)
                    try s.bindText(r.text, at: 2)
                    try s.bindText(meta, at: 3)
                    try s.run()
                }
                for (stmt, values) in [(insCik, r.ciks.map(FTS5Keys.cik)), (insSic, r.sics), (insState, r.states.map(FTS5Keys.keyword))] {
                    for v in values { try stmt.bind([.text(v), .int(rowid)]); try stmt.run() }
                }
                for name in r.companyNames {
                    let id: Int64
                    if let known = companyIDs[name] { id = known } else {
                        id = Int64(companyIDs.count + 1)
                        companyIDs[name] = id
                        for s in [insCompany, insCompanyFTS] { try s.bind([.int(id), .text(name)]); try s.run() }
                    }
                    try insDocCompany.bind([.int(id), .int(rowid)])
                    try insDocCompany.run()
                }
            }
            phases["insert"] = Date().timeIntervalSince(start)
            let optimizeStart = Date()
            try db.execute("INSERT INTO t(t) VALUES('optimize'); INSERT INTO company_fts(company_fts) VALUES('optimize');")
            phases["optimize"] = Date().timeIntervalSince(optimizeStart)
            try db.execute(FTS5Schema.indexes)
            try buildStems(db)
            let info: [(String, String)] = [("format_version", "\(FTS5Schema.formatVersion)"), ("documents", "\(count)"),
                                            ("filings", "\(filings.count)"), ("text_bytes", "\(textBytes)"),
                                            ("sqlite_version", FTS5Info.sqliteVersion)]
            let insInfo = try db.prepare("INSERT INTO info(key, value) VALUES(?1, ?2)")
            for (k, v) in info { try insInfo.bind([.text(k), .text(v)]); try insInfo.run() }
            try db.execute("COMMIT; ANALYZE;")
        }
        // The connection is closed here (deinit); make the file durable before the rename.
        let fd = open(path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        phases["finish"] = Date().timeIntervalSince(start) - phases.values.reduce(0, +)
        return FTS5BuildReport(documents: count, filings: filings.count, textBytes: textBytes,
                               bodyTextBytes: bodyTextBytes, parseSeconds: 0, loadSeconds: Date().timeIntervalSince(start), databaseBytes: size, phaseSeconds: phases)
    }

    /// Fills `stems` from the FTS5 vocabulary: one row per distinct indexed term (sentinel excluded).
    private static func buildStems(_ db: SQLiteConnection) throws {
        try db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, t, row)")
        let terms = try db.prepare("SELECT term FROM temp.vocab")
        let ins = try db.prepare("INSERT OR IGNORE INTO stems(stem, term) VALUES(?1, ?2)")
        while try terms.step() {
            let term = terms.bytes(0)
            if term == [FTS5Tokenizer.sentinel] { continue }
            try ins.bindText(Stemmer.stem(term), at: 1)
            try ins.bindText(term, at: 2)
            try ins.run()
        }
        try db.execute("DROP TABLE temp.vocab")
    }
}

/// Wraps a value that is shared across threads in a way the code proves race-free.
struct UnsafeSendable<T>: @unchecked Sendable { // @unchecked: callers guarantee disjoint access
    var value: T
    init(_ value: T) { self.value = value }
}
