import Foundation
import Testing
@testable import FileSearch

/// Generated queries over the real edgar filings: the engine's hit set equals the brute-force
/// oracle's, every score equals the independently computed BM25 within 1e-6, and pruned top-10
/// equals exhaustive top-10.
@Suite(.serialized) struct DifferentialTests {
    static let queryCount = 400

    @Test func engineMatchesBruteForceOracle() throws {
        guard let records = try QueryTestSupport.edgarRecords() else { return }
        #expect(records.count > 60, "expected the edgar corpus to yield records")
        // Several segments, so global statistics and doc bases are exercised.
        let reader = try QueryTestSupport.build(records, tag: "diff", segmentBytes: 4 << 20)
        #expect(reader.segments.count > 1, "expected several segments, got \(reader.segments.count)")
        try compare(records, reader: reader, queries: Self.queryCount, seed: 20_240_311)
    }

    /// Long postings (many 128-doc blocks), so block-max pruning and threshold propagation really skip.
    @Test func prunedSearchOnLongPostings() throws {
        let records = SyntheticCorpus.records(count: 3_000, seed: 7)
        let reader = try QueryTestSupport.build(records, tag: "syn", segmentBytes: 1 << 20)
        #expect(reader.segments.count > 1)
        try compare(records, reader: reader, queries: 150, seed: 99)
    }

    func compare(_ records: [DocumentRecord], reader: IndexReader, queries: Int, seed: UInt64) throws {
        let oracle = BruteForceOracle(records)
        let exhaustive = NativeBackend(reader: reader, countThreshold: .max)
        let pruned = NativeBackend(reader: reader, countThreshold: 0)
        var gen = QueryGenerator(oracle: oracle, seed: seed)
        var nonEmpty = 0, compared = 0, inexact = 0
        for _ in 0..<queries {
            let q = gen.query()
            var want: [String: Double] = [:]
            for d in oracle.docs.indices { if let s = oracle.eval(q, d) { want["\(oracle.docs[d].record.sourcePath)#\(oracle.docs[d].record.sequence)"] = s } }
            let all = try exhaustive.search(SearchRequest(query: q, limit: records.count + 1))
            var got: [String: Double] = [:]
            for h in all.hits { got["\(h.sourcePath)#\(h.sequence)"] = h.score }
            #expect(all.total == want.count && all.totalIsExact, "\(q): total \(all.total), oracle \(want.count)")
            #expect(Set(got.keys) == Set(want.keys), "\(q): extra \(Set(got.keys).subtracting(want.keys).sorted().prefix(3)), missing \(Set(want.keys).subtracting(got.keys).sorted().prefix(3))")
            for (k, s) in got { if let w = want[k], abs(w - s) > 1e-6 { Issue.record("\(q): \(k) score \(s), oracle \(w)"); break } }
            // Ordering: score desc, then filed desc, then doc id.
            for (a, b) in zip(all.hits, all.hits.dropFirst()) {
                let ok = a.score > b.score || (a.score == b.score && ((a.filed?.daysSinceEpoch ?? .min) > (b.filed?.daysSinceEpoch ?? .min)
                    || ((a.filed == b.filed) && a.docID < b.docID)))
                if !ok { Issue.record("\(q): hits out of order: \(a.key) \(a.score) before \(b.key) \(b.score)"); break }
            }
            // Pruned top-10 = exhaustive top-10, with the same scores.
            let top = try pruned.search(SearchRequest(query: q, limit: 10))
            #expect(top.hits.map(\.docID) == all.hits.prefix(10).map(\.docID), "\(q): pruned top-10 differs")
            #expect(top.hits.map(\.score) == all.hits.prefix(10).map(\.score), "\(q): pruned top-10 scores differ")
            #expect(top.total <= all.total && (top.totalIsExact ? top.total == all.total : true), "\(q): pruned total \(top.total) vs \(all.total)")
            if !top.totalIsExact { inexact += 1 }
            if !want.isEmpty { nonEmpty += 1 }
            compared += got.count
        }
        // The generator must produce mostly non-empty results, or the comparison proves little.
        #expect(nonEmpty > queries / 2, "only \(nonEmpty) of \(queries) queries matched anything")
        print("differential: \(queries) queries, \(nonEmpty) non-empty, \(compared) scored hits compared, \(inexact) pruned searches skipped matches")
    }
}
