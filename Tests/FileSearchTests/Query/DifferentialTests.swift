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
        let oracle = BruteForceOracle(records)
        let exhaustive = NativeBackend(reader: reader, countThreshold: .max)
        let pruned = NativeBackend(reader: reader, countThreshold: 0)
        var gen = QueryGenerator(oracle: oracle, seed: 20_240_311)
        var nonEmpty = 0, compared = 0
        for _ in 0..<Self.queryCount {
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
            // Pruned top-10 = exhaustive top-10.
            let top = try pruned.search(SearchRequest(query: q, limit: 10))
            #expect(top.hits.map(\.docID) == all.hits.prefix(10).map(\.docID), "\(q): pruned top-10 differs")
            #expect(top.total <= all.total && (top.totalIsExact ? top.total == all.total : true))
            if !want.isEmpty { nonEmpty += 1 }
            compared += got.count
        }
        // The generator must produce mostly non-empty results, or the comparison proves little.
        #expect(nonEmpty > Self.queryCount / 2, "only \(nonEmpty) of \(Self.queryCount) queries matched anything")
        print("differential: \(Self.queryCount) queries, \(nonEmpty) non-empty, \(compared) scored hits compared")
    }
}
