import Testing
import Foundation
import FileSearch
@testable import FileSearchFTS5

/// Hostile query text is searched for (or rejected with a clear error) and never changes the database.
@Suite(.serialized) struct InjectionTests {
    static let hostile = [
        "'); DROP TABLE docs; --", "\"series\" OR \"warrants\"", "series\"", "\"\"\"", "NEAR(series warrants, 5)",
        "body:warrants", "meta : apple", "^series", "series*", "*", "warrants^", "{body meta}: stock",
        "x' OR '1'='1", "; DELETE FROM doc_text; --", "a\u{0}b", "series\u{1F}warrants", "(series", "AND", "NOT warrants",
        "'; INSERT INTO t(t) VALUES('delete-all'); --", "ATTACH DATABASE '/tmp/x.db' AS x; --",
    ]

    /// Database identity: file bytes hash, schema SQL, row counts of every table.
    private func fingerprint(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var h: UInt64 = 0xcbf29ce484222325
        for b in data { h = (h ^ UInt64(b)) &* 0x100000001b3 } // FNV-1a; wrapping multiply is the algorithm
        let db = try SQLiteConnection(path: path, readOnly: true)
        try FTS5Tokenizer.register(on: db)
        let schema = try db.rows("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name") { $0.text(0) ?? "" }
        var counts: [String] = []
        for name in try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", [], { $0.text(0) ?? "" }) {
            counts.append("\(name)=\(try db.scalarInt("SELECT count(*) FROM \"\(name)\""))")
        }
        return "\(data.count) \(h)\n" + schema.joined(separator: "\n") + "\n" + counts.joined(separator: " ")
    }

    /// Every node form a hostile string can reach, with and without the parser.
    private func nodes(_ s: String) -> [QueryNode] {
        var out: [QueryNode] = [
            .term(s, prefix: false, exact: false), .term(s, prefix: false, exact: true), .term(s, prefix: true, exact: false),
            .phrase([s, "series"], slop: 0, exact: false), .phrase(["series", s], slop: 3, exact: false),
            .and([.term("series", prefix: false, exact: false), .not(.term(s, prefix: false, exact: true))]),
            .filter(.form([s])), .filter(.cik(s)), .filter(.company([s, "alliance"])), .filter(.documentType(s)),
            .filter(.sic(s)), .filter(.state(s)), .filter(.accession(s)),
        ]
        if let parsed = try? QueryParser().parse(s) { out.append(parsed) }
        if let parsed = try? QueryParser().parse("form:\"\(s)\" series") { out.append(parsed) }
        return out
    }

    @Test func hostileQueriesNeverChangeTheDatabase() throws {
        let records = TestCorpus.records(TestCorpus.seeds)
        let path = TestCorpus.tempPath("injection")
        let backend = try FTS5Backend.build(records: records, databasePath: path).0
        let oracle = Oracle(records)
        let before = try fingerprint(path)
        var searched = 0, rejected = 0
        for s in Self.hostile {
            for node in nodes(s) {
                do {
                    let r = try backend.search(SearchRequest(query: node, limit: 1000, snippets: 1, facets: true))
                    // It searched for the text: exactly the oracle's documents.
                    #expect(Set(r.hits.map(\.key)) == oracle.keys(node), "NODE \(node) -> \(String(describing: try? backend.translate(node)))")
                    searched += 1
                } catch let e as SearchError {
                    #expect(!e.description.isEmpty)
                    if rejected < 3 { print("rejected: \(node) → \(e)") }
                    rejected += 1
                }
                #expect(try fingerprint(path) == before, "database changed after \(node)")
            }
        }
        print("injection: \(searched) searched as text, \(rejected) rejected with an error; database unchanged")
        #expect(searched > rejected)
        // The tables are all still there and queryable.
        #expect(try backend.search(SearchRequest(query: .term("series", prefix: false, exact: false))).total > 0)
    }

    @Test func openRejectsForeignFiles() throws {
        let path = TestCorpus.tempPath("foreign")
        #expect(throws: SearchError.self) { try FTS5Backend.open(path: path) } // missing
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SearchError.self) { try FTS5Backend.open(path: path) }
        let other = TestCorpus.tempPath("other")
        try SQLiteConnection(path: other, readOnly: false).execute("CREATE TABLE x(a)")
        do { _ = try FTS5Backend.open(path: other); Issue.record("opened a foreign database") } catch let e as SearchError {
            #expect(e.description.contains("not a filesearch FTS5 database"))
        }
    }

    @Test func rebuildReplacesAtomically() throws {
        let recs = TestCorpus.records(TestCorpus.seeds)
        let path = TestCorpus.tempPath("atomic")
        _ = try FTS5Backend.build(records: Array(recs.prefix(2)), databasePath: path)
        let old = try FTS5Backend.open(path: path)
        #expect(try old.stats().documents == 2)
        _ = try FTS5Builder.build(records: recs, databasePath: path)
        #expect(try FTS5Backend.open(path: path).stats().documents == recs.count)
        let dir = (path as NSString).deletingLastPathComponent
        let mine = (path as NSString).lastPathComponent + ".building-" // other tests build beside us in parallel
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(mine) }
        #expect(leftovers.isEmpty, "temporary build files left: \(leftovers)")
        // A failing build (target folder cannot exist: its parent is a file) leaves the existing database untouched.
        let before = try fingerprint(path)
        #expect(throws: (any Error).self) { try FTS5Builder.build(records: recs, databasePath: path + "/sub/x.db") }
        #expect(try fingerprint(path) == before)
    }
}
