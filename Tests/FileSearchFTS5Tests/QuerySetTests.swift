import Testing
import FileSearch
@testable import FileSearchFTS5

/// Every query of `Benchmarks/queries.tsv`: FTS5's hit set equals the native backend's and the brute-force oracle's.
@Suite struct QuerySetTests {
    @Test func querySetCoversEveryClass() {
        let classes = Dictionary(grouping: Fixtures.queries, by: \.0).mapValues(\.count)
        for c in ["rare_term", "common_term", "two_term_and", "three_term_or", "phrase", "phrase_form", "term_date",
                  "term_cik", "prefix", "not", "proximity", "company", "type"] {
            #expect(classes[c, default: 0] >= 6, "class \(c) has \(classes[c, default: 0]) queries")
        }
    }

    @Test func seedsHitSetsEqualOracle() throws { try check(Fixtures.seeds.get()) }

    @Test func edgarHitSetsEqualOracle() throws {
        guard let e = Fixtures.edgar else { return Fixtures.absent("edgar query-set comparison") }
        let built = try e.get()
        #expect(built.records.count >= 60)
        let nonEmpty = try check(built)
        // The query set is real EDGAR vocabulary: nearly every query must find something here.
        #expect(nonEmpty >= Fixtures.queries.count * 8 / 10, "only \(nonEmpty) of \(Fixtures.queries.count) queries hit")
    }

    /// Compares every query; returns how many had hits. Unsupported forms are reported, never guessed.
    @discardableResult
    private func check(_ b: BuiltCorpus) throws -> Int {
        var nonEmpty = 0
        var unsupported: [String] = []
        for (cls, q) in Fixtures.queries {
            let node = try QueryParser().parse(q)
            let expected = b.oracle.keys(node)
            do {
                let r = try b.backend.search(SearchRequest(query: node, limit: 100_000))
                let got = Set(r.hits.map(\.key))
                #expect(got == expected, "\(b.name) [\(cls)] \(q): fts5 \(got.count) vs oracle \(expected.count); only fts5: \(got.subtracting(expected).sorted().prefix(3)), only oracle: \(expected.subtracting(got).sorted().prefix(3))")
                #expect(r.total == expected.count, "\(b.name) \(q): total \(r.total)")
                #expect(r.hits.count == Set(r.hits.map(\.docID)).count, "duplicate hits for \(q)")
                let n = try b.native.search(SearchRequest(query: node, limit: 100_000))
                let nativeKeys = Set(n.hits.map(\.key))
                #expect(got == nativeKeys, "\(b.name) [\(cls)] \(q): fts5 \(got.count) vs native \(nativeKeys.count); only fts5: \(got.subtracting(nativeKeys).sorted().prefix(3)), only native: \(nativeKeys.subtracting(got).sorted().prefix(3))")
                if !expected.isEmpty { nonEmpty += 1 }
            } catch let e as SearchError {
                unsupported.append("\(q): \(e)")
            }
        }
        print("\(b.name): \(Fixtures.queries.count) queries, \(nonEmpty) with hits, unsupported: \(unsupported)")
        #expect(unsupported.isEmpty, "the shipped query set must be fully supported: \(unsupported)")
        return nonEmpty
    }
}
