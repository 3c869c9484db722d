import Foundation
import Testing
@testable import FileSearch

/// Facets and grouping read columns, not stored fields: they must equal what the stored fields of
/// every match say (forms and company names normalized, years filed), on real filings and over
/// several segments.
@Suite struct FacetTests {
    /// Brute force: the facets (all values, not cut) and the distinct filings of every match.
    private func expected(_ reader: IndexReader, _ query: QueryNode) throws -> (forms: [String: Int], years: [String: Int], companies: [String: Int], filings: Int) {
        let all = try NativeBackend(reader: reader, countThreshold: Int.max).search(SearchRequest(query: query, limit: 1_000_000, snippets: 0))
        var forms: [String: Int] = [:], years: [String: Int] = [:], companies: [String: Int] = [:]
        var filings = Set<String>()
        for h in all.hits {
            forms[h.formType.flatMap { KeywordNormalizer.normalize(.form, $0) } ?? "(none)", default: 0] += 1
            years[h.filed.map { String($0.year) } ?? "(none)", default: 0] += 1
            for c in Set(h.companyNames.compactMap { KeywordNormalizer.normalize(.company, $0) }) { companies[c, default: 0] += 1 }
            filings.insert(h.accession ?? "path:" + h.sourcePath)
        }
        return (forms, years, companies, filings.count)
    }

    private func check(_ reader: IndexReader, _ q: String) throws {
        let query = try QueryParser().parse(q)
        let want = try expected(reader, query)
        let r = try NativeBackend(reader: reader).search(SearchRequest(query: query, limit: 5, snippets: 0, facets: true))
        let f = try #require(r.facets)
        func top(_ m: [String: Int]) -> [(String, Int)] {
            Array(m.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20)).map { ($0.key, $0.value) }
        }
        #expect(f.formType.elementsEqual(top(want.forms), by: ==), "\(q): forms \(f.formType) vs \(top(want.forms))")
        #expect(f.yearFiled.elementsEqual(top(want.years), by: ==), "\(q): years")
        // Company names are shown as a counted document spells them: compare by normalized name.
        let shown = f.company.map { (KeywordNormalizer.normalize(.company, $0.0) ?? $0.0, $0.1) }
        #expect(shown.elementsEqual(top(want.companies), by: ==), "\(q): companies \(shown) vs \(top(want.companies))")
        let g = try NativeBackend(reader: reader).search(SearchRequest(query: query, limit: 5, snippets: 0, groupByFiling: true))
        #expect(g.total == want.filings, "\(q): \(g.total) filings grouped vs \(want.filings)")
    }

    @Test func facetsAndGroupsEqualStoredFieldsOnEdgar() throws {
        guard let records = try QueryTestSupport.edgarRecords() else {
            print("NOTE: shared corpus not found — facet test on edgar/ NOT run"); return
        }
        // Small segments: every query spans several of them.
        let reader = try QueryTestSupport.build(records, tag: "facets", segmentBytes: 2 << 20)
        #expect(reader.segments.count > 1)
        for q in ["company", "securities", "form:4", "shares OR stock", "\"common stock\"", "-the", "filed:2024"] {
            try check(reader, q)
        }
    }
}
