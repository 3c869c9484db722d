import Testing
import Foundation
import FileSearch
@testable import FileSearchFTS5

@Suite struct CompareTests {
    @Test func metrics() {
        #expect(CompareMetrics.jaccard(Set([1, 2, 3]), Set([2, 3, 4])) == 0.5)
        #expect(CompareMetrics.jaccard(Set<Int>(), Set<Int>()) == 1)
        #expect(CompareMetrics.overlap([1, 2, 3, 4], [4, 3, 9, 8], k: 4) == 0.5)
        #expect(CompareMetrics.kendallTau([1, 2, 3, 4], [1, 2, 3, 4]) == 1)
        #expect(CompareMetrics.kendallTau([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        // shared 1,2,3 in b-order 2,1,3: pairs (1,2) discordant, (1,3) (2,3) concordant → 1/3
        #expect(abs(CompareMetrics.kendallTau([1, 2, 3, 7], [2, 1, 3, 9])! - 1.0 / 3) < 1e-12)
        #expect(CompareMetrics.kendallTau([1, 2], [3, 1]) == nil)
        #expect(CompareMetrics.percentile([5, 1, 3, 2, 4], 0.5) == 3)
        #expect(CompareMetrics.percentile([5, 1, 3, 2, 4], 0.99) == 5)
        #expect(CompareMetrics.percentile([], 0.5) == nil)
    }

    @Test func querySetParsing() throws {
        let q = try ComparisonQuery.parseTSV("class\tquery\n# note\nphrase\t\"a b\"\r\n\nrare\tx\ty\n")
        #expect(q == [ComparisonQuery(queryClass: "phrase", query: "\"a b\""), ComparisonQuery(queryClass: "rare", query: "x\ty")])
        #expect(throws: ComparisonError.malformedQuerySet(line: 2, "no tab between class and query")) { try ComparisonQuery.parseTSV("class\tquery\nnotab") }
    }

    /// The runner over the two real backends on the seeds: every shipped query agrees; a backend
    /// that rejects a query is reported for it, not counted.
    @Test func runnerReportsAgreementAndRejections() throws {
        let b = try Fixtures.seeds.get()
        var set = Fixtures.queries.map { ComparisonQuery(queryClass: $0.0, query: $0.1) }
        set.append(ComparisonQuery(queryClass: "mixed", query: "warrants OR form:4"))
        set.append(ComparisonQuery(queryClass: "bad", query: "\"unclosed"))
        let r = CompareRunner(repetitions: 1) { try QueryParser().parse($0) }
            .run(set, a: ("native", b.native, nil), b: ("fts5", b.backend, nil))
        #expect(r.queries.count == set.count)
        #expect(r.classes.map(\.name).suffix(2) == ["mixed", "bad"])
        let shipped = r.queries.prefix(Fixtures.queries.count)
        #expect(shipped.allSatisfy { $0.identical && $0.errors == [nil, nil] })
        #expect(r.overall.identical == Fixtures.queries.count)
        let mixed = r.queries[Fixtures.queries.count]
        #expect(mixed.errors[1]?.contains("unsupported") == true, "FTS5 says it cannot rank a filter OR-ed with text: \(mixed.errors)")
        #expect(r.queries.last?.parsed.hasPrefix("parse error") == true)
        #expect(r.overall.compared == r.overall.queries - 2)
        #expect(!CompareTableProbe.isEmpty(r))
    }
}

/// Keeps the JSON form of the report decodable (the `--json` contract).
enum CompareTableProbe {
    static func isEmpty(_ r: ComparisonReport) -> Bool {
        guard let data = try? JSONEncoder().encode(r), let back = try? JSONDecoder().decode(ComparisonReport.self, from: data) else { return true }
        return back.queries.count != r.queries.count
    }
}
