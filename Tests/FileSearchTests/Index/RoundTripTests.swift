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
        try IndexTestSupport.assertEqual(reader, IndexTestSupport.Oracle(records))
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
