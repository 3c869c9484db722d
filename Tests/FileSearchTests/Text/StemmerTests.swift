import Foundation
import Testing
@testable import FileSearch

@Suite struct StemmerTests {
    /// Every (word, stem) pair of the Snowball 3.1.1 oracle fixture (real corpus vocabulary + classic cases).
    @Test func matchesSnowballOracleFixture() throws {
        let url = TextTestSupport.packageRoot.appendingPathComponent("Tests/FileSearchTests/Text/porter2-fixture.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var checked = 0
        var failures: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count == 2 else { continue }
            let got = Stemmer.stem(String(cols[0]))
            if got != cols[1] { failures.append("\(cols[0]): expected \(cols[1]), got \(got)") }
            checked += 1
        }
        #expect(checked > 4000, "fixture has \(checked) pairs")
        #expect(failures.isEmpty, "\(failures.count) mismatches, first: \(failures.prefix(20))")
    }

    @Test(arguments: [
        ("warrants", "warrant"), ("warranted", "warrant"), ("generously", "generous"), ("generations", "generat"),
        ("communication", "communic"), ("arsenal", "arsenal"), ("skies", "sky"), ("dying", "die"), ("inning", "inning"),
        ("succeeded", "succeed"), ("hopping", "hop"), ("hoping", "hope"), ("cries", "cri"), ("ties", "tie"),
        ("company's", "compani"), ("companies", "compani"), ("news", "news"), ("yielding", "yield"),
        ("consolidated", "consolid"), ("by", "by"), ("10b5", "10b5"), ("well-known", "well-known"),
    ])
    func classicCases(_ word: String, _ stem: String) {
        #expect(Stemmer.stem(word) == stem)
    }

    @Test func nonLetterTermsAreUnchanged() {
        for t in ["12,269,032", "3.3825", "ex-10.1", "résumé", ""] {
            #expect(Stemmer.stem(Array(t.utf8)) == Array(t.utf8))
        }
    }
}
