import Testing
import Foundation
@testable import FileSearch

@Suite struct IndexRoundTripTests {
    @Test func syntheticRoundTrip() throws {
        let records = IndexTestSupport.synthetic(count: 700)
        let dir = IndexTestSupport.tempDir("rt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: records)
        let reader = try IndexReader.open(directory: dir)
        #expect(reader.segments.count == 1)
        let oracle = IndexTestSupport.Oracle(records)
        try IndexTestSupport.assertEqual(reader, oracle)

        // stats() against the oracle.
        let st = reader.stats()
        #expect(st.documents == records.count)
        #expect(st.filings == Set(records.map { $0.accession ?? $0.sourcePath }).count)
        #expect(st.terms == oracle.postings[0].count + oracle.postings[1].count)
        #expect(st.postings == oracle.postings.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } })
        #expect(st.positions == oracle.postings.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.1.count } } })
        #expect(st.segments == 1 && st.formatVersion == Int(indexFormatVersion))
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "LOCK" }
            .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dir + "/" + $1)[.size] as? Int) ?? 0) }
        #expect(st.totalBytes == onDisk)
        for c in ["terms", "postings", "positions", "store", "columns", "keywords", "stems", "commit"] {
            #expect((st.bytesByComponent[c] ?? 0) > 0, "component \(c)")
        }
        // Keyword lookups normalize like the writer: CIK without zeros, lower-case state.
        let seg = reader.segments[0]
        #expect(seg.keywordDocs(.cik, "42").count == records.count)
        #expect(seg.keywordDocs(.state, "de").count == records.count)
        #expect(seg.keywordDocs(.form, "10-k/a") == seg.keywordDocs(.form, "10-K/A"))
        #expect(seg.keywordValues(.form) == ["10-K", "10-K/A", "10-Q", "4", "8-K"])
    }

    @Test func blockBoundaryDocFreqs() throws {
        // Terms whose doc frequency is exactly 127, 128, 129 and 256 (full blocks with and without a tail).
        var records = IndexTestSupport.synthetic(count: 300, seed: 9)
        for i in records.indices {
            var extra: [String] = []
            if i < 127 { extra.append("exactly127") }
            if i < 128 { extra.append("exactly128") }
            if i < 129 { extra.append("exactly129") }
            if i < 256 { extra.append("exactly256 exactly256") }
            records[i].text += Array((" " + extra.joined(separator: " ")).utf8)
        }
        let dir = IndexTestSupport.tempDir("blocks")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: records)
        let reader = try IndexReader.open(directory: dir)
        try IndexTestSupport.assertEqual(reader, IndexTestSupport.Oracle(records))
        for (t, df) in [("exactly127", 127), ("exactly128", 128), ("exactly129", 129), ("exactly256", 256)] {
            #expect(reader.segments[0].termStats(.body, Array(t.utf8))?.docFreq == df)
        }
    }

    @Test func emptyBuildCommitsAnEmptyIndex() throws {
        let dir = IndexTestSupport.tempDir("empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: [])
        let r = try IndexReader.open(directory: dir)
        #expect(r.documentCount == 0 && r.segments.isEmpty)
        #expect(r.stats().documents == 0)
    }

    @Test func twoThreadsGiveTheSameIndexAsOne() throws {
        let records = IndexTestSupport.synthetic(count: 500, seed: 5)
        let d1 = IndexTestSupport.tempDir("t1"), d2 = IndexTestSupport.tempDir("t2")
        defer { try? FileManager.default.removeItem(atPath: d1); try? FileManager.default.removeItem(atPath: d2) }
        try IndexBuilder(directory: d1, options: IndexBuildOptions(threads: 1)).build(records: records)
        try IndexBuilder(directory: d2, options: IndexBuildOptions(threads: 2)).build(records: records)
        let r1 = try IndexReader.open(directory: d1), r2 = try IndexReader.open(directory: d2)
        // Identical content: same docs in the same order, same postings.
        try IndexTestSupport.assertEqual(r2, IndexTestSupport.Oracle(records))
        #expect(r1.stats().postings == r2.stats().postings)
        for d in 0..<UInt32(records.count) { #expect(r1.segments[0].storedFields(d) == r2.segments[0].storedFields(d)) }
    }

    @Test func seedsRoundTrip() throws {
        let records = try IndexTestSupport.records(inDirectory: IndexTestSupport.packageRoot + "/Corpus")
        #expect(!records.isEmpty)
        let dir = IndexTestSupport.tempDir("seeds")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: records)
        try IndexTestSupport.assertEqual(try IndexReader.open(directory: dir), IndexTestSupport.Oracle(records))
    }

    @Test func edgarRoundTrip() throws {
        guard let corpus = IndexTestSupport.sharedCorpus else {
            Issue.record("shared corpus not found at <root>/../shared/corpus or /work/shared/corpus: edgar round trip NOT tested")
            return
        }
        let records = try IndexTestSupport.records(inDirectory: corpus + "/edgar")
        #expect(records.count >= 68)
        let dir = IndexTestSupport.tempDir("edgar")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: records)
        try IndexTestSupport.assertEqual(try IndexReader.open(directory: dir), IndexTestSupport.Oracle(records))
    }
}
