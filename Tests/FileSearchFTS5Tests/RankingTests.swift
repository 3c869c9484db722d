import Testing
import Foundation
import FileSearch
@testable import FileSearchFTS5

/// FTS5's `bm25(t, 1, 2)` as documented in `FTS5Backend`, recomputed from the analyzed records.
@Suite struct RankingTests {
    @Test func scoresFollowDocumentedFTS5BM25() throws {
        let b: BuiltCorpus
        if let e = Fixtures.edgar { b = try e.get() } else { Fixtures.absent("edgar bm25 check (seeds used)"); b = try Fixtures.seeds.get() }
        let o = b.oracle
        // Row length as FTS5 counts it: positions used, gap sentinels included (max position + 1).
        let lengths = o.fields.map { fs in fs.map { f in f.values.compactMap { $0.max() }.max().map { Double($0 + 1) } ?? 0 } }
        let n = Double(b.records.count)
        let avgdl = lengths.map { $0[0] + $0[1] }.reduce(0, +) / n
        var checked = 0
        for term in ["revenue", "warrants", "stock", "company", "melkote", "apple"] {
            let hits = o.matches(.term(term, prefix: false, exact: true))
            let nHit = Double(hits.count)
            var idf = log((n - nHit + 0.5) / (nHit + 0.5))
            if idf <= 0 { idf = 1e-6 }
            let r = try b.backend.search(SearchRequest(query: .term(term, prefix: false, exact: true), limit: 1000))
            #expect(r.total == hits.count)
            for h in r.hits {
                guard let i = b.records.firstIndex(where: { $0.key == h.key }) else { Issue.record("unknown hit \(h.key)"); continue }
                let f = Double(o.fields[i][0][term]?.count ?? 0) + 2 * Double(o.fields[i][1][term]?.count ?? 0)
                let d = lengths[i][0] + lengths[i][1]
                let expected = idf * f * 2.2 / (f + 1.2 * (1 - 0.75 + 0.75 * d / avgdl))
                #expect(abs(h.score - expected) <= 1e-6 * max(1, expected), "\(term) \(h.key): \(h.score) vs \(expected)")
                checked += 1
            }
            // Ranked order: score descending, ties by rowid (filed newest first).
            for (a, c) in zip(r.hits, r.hits.dropFirst()) {
                #expect(a.score > c.score || (a.score == c.score && a.docID < c.docID), "\(term): order")
            }
        }
        #expect(checked > 20)
    }

    @Test func dateSortIsNewestFirst() throws {
        let b = try Fixtures.edgar?.get() ?? Fixtures.seeds.get()
        let r = try b.backend.search(SearchRequest(query: .term("company", prefix: false, exact: false), limit: 1000, sort: .date))
        let dates = r.hits.map { $0.filed?.daysSinceEpoch ?? Int32.min }
        #expect(dates == dates.sorted(by: >), "filed dates newest first, undated last")
    }

    @Test func pagingAndGroupingAreConsistent() throws {
        let b = try Fixtures.edgar?.get() ?? Fixtures.seeds.get()
        let q = try QueryParser().parse("securities")
        let all = try b.backend.search(SearchRequest(query: q, limit: 1000))
        let p1 = try b.backend.search(SearchRequest(query: q, limit: 5))
        let p2 = try b.backend.search(SearchRequest(query: q, limit: 5, offset: 5))
        #expect((p1.hits + p2.hits).map(\.docID) == all.hits.prefix(10).map(\.docID))
        let g = try b.backend.search(SearchRequest(query: q, limit: 1000, groupByFiling: true))
        func group(_ h: SearchHit) -> String { h.accession ?? h.sourcePath }
        #expect(g.total == Set(all.hits.map(group)).count)
        #expect(Set(g.hits.map(group)).count == g.hits.count)
        let f = try b.backend.search(SearchRequest(query: q, limit: 1, snippets: 1, facets: true))
        #expect(f.facets?.formType.map(\.1).reduce(0, +) ?? 0 <= all.total)
        if let s = f.hits.first?.snippets.first {
            #expect(!s.highlights.isEmpty)
            for h in s.highlights { #expect(Array(s.text.utf8)[h].count > 0) }
        }
    }
}
