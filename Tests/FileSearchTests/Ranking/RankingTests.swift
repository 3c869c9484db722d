import Foundation
import Testing
@testable import FileSearch

/// Ranking features on the seed filings (`Corpus/`): seeds ranked as required, explanations that
/// add up, field weighting, proximity bonus, date sort, grouping, facets and snippets.
@Suite(.serialized) struct RankingTests {
    static let reader: IndexReader? = {
        guard let records = try? QueryTestSupport.records(QueryTestSupport.packageRoot + "/Corpus"), records.count >= 4 else { return nil }
        return try? QueryTestSupport.build(records, tag: "seeds")
    }()

    func search(_ q: String, _ configure: (inout SearchRequest) -> Void = { _ in }, params: BM25Parameters = BM25Parameters()) throws -> SearchResponse {
        guard let r = Self.reader else { Issue.record("seed index over Corpus/ could not be built"); return SearchResponse(total: 0, totalIsExact: true, hits: []) }
        var req = SearchRequest(query: try QueryParser().parse(q), limit: 20, explain: true, snippets: 2)
        configure(&req)
        return try NativeBackend(reader: r, params: params).search(req)
    }

    @Test func seedsRankAndExplanationsAddUp() throws {
        let a = try search("Series C warrants")
        #expect(a.hits.first?.sourcePath.hasPrefix("001_") == true && a.hits.first?.formType == "4")
        #expect(a.hits.first?.filed == FilingDate("2024-03-11"))
        for h in a.hits {
            #expect(abs(h.explanation.reduce(0) { $0 + $1.value } - h.score) < 1e-9, "\(h.key)")
        }
        #expect(a.hits.first?.explanation.contains { $0.description.contains("proximity bonus") } == true)
        #expect(try search("\"Series D\"").hits.contains { $0.sourcePath.hasPrefix("002_") && $0.formType == "SC TO-C" })
        #expect(try search("form:\"NT 10-Q\"").hits.map(\.sourcePath) == ["003_96ddcac28e8332ae.txt"])
        #expect(try search("cik:896493 filed:2023-01-01..2023-01-31").hits.map(\.sourcePath) == ["004_30a9e86fc87b9023.txt"])
    }

    @Test func metaFieldWeightScalesMetaScore() throws {
        let w2 = try search("ault", params: BM25Parameters(metaWeight: 2))
        let w1 = try search("ault", params: BM25Parameters(metaWeight: 1))
        #expect(!w2.hits.isEmpty)
        for h in w2.hits {
            guard let other = w1.hits.first(where: { $0.key == h.key }) else { Issue.record("missing \(h.key)"); continue }
            let m2 = h.explanation.filter { $0.description.contains("in meta") }.reduce(0) { $0 + $1.value }
            let m1 = other.explanation.filter { $0.description.contains("in meta") }.reduce(0) { $0 + $1.value }
            #expect(m2 > 0 && abs(m2 - 2 * m1) < 1e-9, "\(h.key): meta \(m2) vs \(m1)")
        }
    }

    @Test func proximityBonusCanBeDisabled() throws {
        let on = try search("series c")
        let off = try search("series c", params: BM25Parameters(proximityBoost: 0))
        #expect(on.total == off.total)
        #expect(off.hits.allSatisfy { h in !h.explanation.contains { $0.description.contains("proximity") } })
        let top = on.hits.first { h in h.explanation.contains { $0.description.contains("proximity") } }
        #expect(top != nil, "the seeds hold \"Series C\": expected a proximity bonus")
    }

    @Test func dateSortGroupingAndFacets() throws {
        let d = try search("ault") { $0.sort = .date; $0.facets = true }
        let dates = d.hits.compactMap(\.filed)
        #expect(dates == dates.sorted(by: >) && dates.count == d.hits.count)
        let f = try #require(d.facets)
        #expect(f.formType.reduce(0) { $0 + $1.1 } == d.total)
        #expect(f.yearFiled.reduce(0) { $0 + $1.1 } == d.total)
        let g = try search("ault") { $0.groupByFiling = true }
        let keys = g.hits.map { $0.accession ?? $0.sourcePath }
        #expect(Set(keys).count == keys.count && g.total == keys.count)
    }

    @Test func snippetsHighlightMatchedTerms() throws {
        let r = try search("warrants")
        for h in r.hits {
            #expect(!h.snippets.isEmpty && h.snippets.count <= 2)
            for s in h.snippets {
                let b = Array(s.text.utf8)
                #expect(b.count < 400)
                for hl in s.highlights {
                    let w = String(decoding: b[hl], as: UTF8.self).lowercased()
                    #expect(w.hasPrefix("warrant"), "highlighted '\(w)'")
                }
            }
        }
        let text = Array("Intro text.\nNothing here. Then the Series C Warrants were issued; warrants again.".utf8)
        let sn = SnippetBuilder.snippets(text: text, terms: [Array("warrants".utf8)], count: 2)
        #expect(sn.count == 1 && sn[0].highlights.count == 2)
        let none = SnippetBuilder.snippets(text: Array("é".utf8) + Array(repeating: UInt8(ascii: "a"), count: 500), terms: [Array("zzz".utf8)], count: 1)
        #expect(none.count == 1 && none[0].highlights.isEmpty && none[0].text.hasPrefix("é"))
    }
}
