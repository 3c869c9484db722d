import Testing
import FileSearch
@testable import FileSearchFTS5

/// Proximity forms: where FTS5 NEAR is equivalent to native proximity, and where it is not (reported, not guessed).
@Suite struct ProximityTests {
    static func record(_ i: Int, _ text: String) -> DocumentRecord {
        DocumentRecord(accession: "0000000000-24-00000\(i)", sourcePath: "p\(i).txt", sequence: 1, documentType: "8-K",
                       documentFileName: "d\(i).htm", description: nil, formType: "8-K", filed: FilingDate("2024-01-0\(i)"),
                       period: nil, ciks: ["0000000001"], companyNames: ["Probe Co"], sics: [], states: [], text: Array(text.utf8))
    }

    static let built: Result<BuiltCorpus, Error> = Result {
        try BuiltCorpus(name: "proximity", records: [
            record(1, "the interest on the notes accrues at a fixed rate of five percent"),   // distance 8
            record(2, "interest accrues at the rate"),                                        // distance 4
            record(3, "rate and then interest"),                                              // reversed, distance 3
            record(4, "interest\nrate"),                                                      // across a block boundary (gap)
            record(5, "interest-rate swaps and other contracts"),                             // stacked parts, same position
        ])
    }

    @Test func twoWordProximityMatchesNativeExceptStackedParts() throws {
        let b = try Self.built.get()
        for k in 0...8 {
            let node = QueryNode.phrase(["interest", "rate"], slop: k, exact: true)
            let f = Set(try b.backend.search(SearchRequest(query: node, limit: 100)).hits.map(\.key))
            let n = Set(try b.native.search(SearchRequest(query: node, limit: 100)).hits.map(\.key))
            #expect(f == b.oracle.keys(node), "slop \(k)")
            let stacked = Self.record(5, "").key
            // The only difference: both words stacked at one position (interest-rate).
            #expect(f.subtracting([stacked]) == n.subtracting([stacked]), "slop \(k): fts5 \(f.sorted()) native \(n.sorted())")
            if k > 0 { #expect(f.contains(stacked)) }
            withKnownIssue("native proximity requires different positions, so `interest-rate` does not match interest NEAR rate; FTS5 NEAR cannot express that") {
                #expect(f == n, "slop \(k)")
            } when: { k > 0 }
        }
    }

    @Test func unfaithfulFormsAreRejected() throws {
        let b = try Self.built.get()
        for node in [QueryNode.phrase(["interest", "notes", "rate"], slop: 3, exact: true),
                     QueryNode.phrase(["rate", "rate"], slop: 3, exact: true)] {
            #expect(throws: SearchError.self) { try b.backend.search(SearchRequest(query: node)) }
        }
        // Three-word exact phrases (slop 0) are fine.
        let phrase = QueryNode.phrase(["at", "the", "rate"], slop: 0, exact: true)
        #expect(Set(try b.backend.search(SearchRequest(query: phrase)).hits.map(\.key)) == b.oracle.keys(phrase))
    }
}
