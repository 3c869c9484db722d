import Testing
import Foundation
import FileSearch
@testable import FileSearchFTS5

/// The `filesearch` FTS5 tokenizer stores exactly the native analyzer's terms at exactly its positions.
@Suite struct TokenizerParityTests {
    @Test func seedsParity() throws { try check(Fixtures.seeds.get()) }

    @Test func edgarParity() throws {
        guard let e = Fixtures.edgar else { return Fixtures.absent("edgar tokenizer parity") }
        try check(e.get())
    }

    /// Reads every (doc, column, position, term) instance back with `fts5vocab(…, instance)`.
    private func check(_ b: BuiltCorpus) throws {
        let db = try SQLiteConnection(path: b.path, readOnly: true)
        try FTS5Tokenizer.register(on: db)
        try db.execute("CREATE VIRTUAL TABLE temp.vi USING fts5vocab(main, t, instance)")
        var got: [Int64: [[(UInt32, String)]]] = [:]
        let s = try db.prepare("SELECT doc, col, offset, term FROM temp.vi")
        while try s.step() {
            let col = s.text(1) == "body" ? 0 : 1
            got[s.int(0), default: [[], []]][col].append((UInt32(s.int(2)), String(decoding: s.bytes(3), as: UTF8.self)))
        }
        let order = FTS5Builder.rowOrder(b.records)
        var instances = 0
        var sentinels = 0
        for (i, idx) in order.enumerated() {
            let r = b.records[idx]
            for (col, text) in [r.text, FTS5Keys.meta(r)].enumerated() {
                var expected: [(UInt32, String)] = []
                var primary = Set<UInt32>()
                var last: UInt32?
                text.withUnsafeBytes { raw in
                    _ = Analyzer(mode: .index).forEachToken(in: raw) { t in
                        expected.append((t.position, t.termString))
                        if !t.isPart { primary.insert(t.position); last = t.position }
                    }
                }
                if let last {
                    for p in 0..<last where !primary.contains(p) { expected.append((p, "\u{1}")); sentinels += 1 }
                }
                let g = (got[Int64(i + 1)] ?? [[], []])[col]
                func key(_ a: [(UInt32, String)]) -> [String] { a.map { "\($0.0)\t\($0.1)" }.sorted() }
                let same = key(g) == key(expected)
                #expect(same, "\(b.name) \(r.key) column \(col): fts5 \(g.count) instances vs analyzer \(expected.count)")
                instances += expected.count
            }
        }
        #expect(got.count <= b.records.count)
        print("\(b.name): \(instances) token instances identical (\(sentinels) gap sentinels) over \(b.records.count) documents")
    }

    /// The gap sentinel is in the index, yet no query can produce or match it.
    @Test func sentinelIsNeverMatched() throws {
        let b = try Fixtures.seeds.get()
        let db = try SQLiteConnection(path: b.path, readOnly: true)
        try FTS5Tokenizer.register(on: db)
        try db.execute("CREATE VIRTUAL TABLE temp.vr USING fts5vocab(main, t, row)")
        #expect(try db.scalarInt("SELECT doc FROM temp.vr WHERE term = char(1)") > 0, "sentinels are indexed")
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE t MATCH '\"' || char(1) || '\"'") == 0)
        #expect(throws: SearchError.self) { try b.backend.search(SearchRequest(query: .term("\u{1}", prefix: false, exact: true))) }
    }
}
