import Testing
import FileSearch
@testable import FileSearchFTS5

@Suite struct FTS5SmokeTests {
    @Test func buildAndSearchSeeds() throws {
        let recs = TestCorpus.records(TestCorpus.seeds)
        #expect(recs.count == 4)
        let path = TestCorpus.tempPath("smoke")
        let (b, report) = try FTS5Backend.build(records: recs, databasePath: path)
        print(report)
        let r = try b.search(SearchRequest(query: .and([.term("series", prefix: false, exact: false), .term("warrants", prefix: false, exact: false)]), snippets: 1))
        print(r.total, r.hits.map { ($0.key, $0.score, $0.snippets) })
        print(try b.stats())
        print(try b.translate(.and([.term("warrants", prefix: false, exact: false), .filter(.filed(DateRange(lower: FilingDate("2024-01-01"), upper: nil)))])))
    }
}
