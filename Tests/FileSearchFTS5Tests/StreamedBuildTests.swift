import Foundation
import Testing
import FileSearch
@testable import FileSearchFTS5

/// The file build streams in two passes (memory-bounded); it must produce exactly the database the
/// in-memory build makes from the same records.
@Suite struct StreamedBuildTests {
    /// Every row of the docs table in rowid order, the text rows, and the FTS5 vocabulary.
    private func content(_ path: String) throws -> [String] {
        let db = try SQLiteConnection(path: path, readOnly: true)
        try FTS5Tokenizer.register(on: db)
        var out = try db.rows("SELECT rowid, accession, source_path, sequence, form, filed, doc_type, ciks, companies FROM docs ORDER BY rowid") { r in
            (0..<9).map { r.text(Int32($0)) ?? "∅" }.joined(separator: "|")
        }
        out += try db.rows("SELECT rowid, length(body), length(meta) FROM doc_text ORDER BY rowid") { r in
            "\(r.int(0)) \(r.int(1)) \(r.int(2))"
        }
        try db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, row)")
        out += try db.rows("SELECT term, doc, cnt FROM temp.v ORDER BY term") { r in "\(r.text(0) ?? "") \(r.int(1)) \(r.int(2))" }
        return out
    }

    private func check(_ dir: String, window: Int) throws {
        let files = try CorpusWalker(roots: [dir]).files()
        let records = TestCorpus.records(dir)
        let a = TestCorpus.tempPath("streamed-\(window)"), b = TestCorpus.tempPath("inmemory-\(window)")
        let ra = try FTS5Builder.build(files: files, databasePath: a, windowBytes: window)
        _ = try FTS5Builder.build(records: records, databasePath: b)
        #expect(ra.documents == records.count)
        let ca = try content(a), cb = try content(b)
        #expect(ca.count == cb.count)
        let diff = zip(ca, cb).first { $0 != $1 }
        #expect(diff == nil, "first difference: \(diff.map { "\($0.0) vs \($0.1)" } ?? "")")
    }

    @Test func seedsWithOneFilePerWindow() throws {
        try check(TestCorpus.seeds, window: 1) // every window holds a single file
    }

    @Test func edgarStreamedEqualsInMemory() throws {
        guard let root = TestCorpus.root else { Fixtures.absent("streamed FTS5 build on edgar/"); return }
        try check(root + "/edgar", window: 1 << 20) // several windows of ~1 MiB
    }
}
