import Testing
@testable import FileSearch

@Suite struct AnalyzerTests {
    typealias S = TextTestSupport

    @Test(arguments: [
        ("12,269,032 shares", ["12,269,032", "shares"]),
        ("at $3.3825 per", ["at", "3.3825", "per"]),
        ("rate of 13.00%.", ["rate", "of", "13.00"]),
        ("1,000,000.50 and 1,2 and 2023,2024 and 12,3456", ["1,000,000.50", "and", "1", "2", "and", "2023", "2024", "and", "12", "3456"]),
        ("Rule 10b5-1(c) plan", ["rule", "10b5-1", "c", "plan"]),
        ("CUSIP 09175M408", ["cusip", "09175m408"]),
        ("Exhibit EX-10.1 to Form 10-K", ["exhibit", "ex-10.1", "to", "form", "10-k"]),
        ("the Company’s and company's", ["the", "company's", "and", "company's"]),
        ("Résumé ÉCOLE Straße Æon œuvre ﬁnal Ångström", ["resume", "ecole", "strasse", "aeon", "oeuvre", "final", "angstrom"]),
        ("ΑΘΗΝΑ Ἀθῆναι Москва ЁЛКА", ["αθηνα", "αθηναι", "москва", "елка"]),
        ("'quoted' companies' o'neil", ["quoted", "companies", "o'neil"]),
        ("\u{02BC}lead Oʼneil", ["lead", "o'neil"]),
        ("Inc. U.S. e.g. sec.gov", ["inc", "u.s", "e.g", "sec.gov"]),
        ("Form 10\u{2011}K and S-1", ["form", "10-k", "and", "s-1"]),
        ("a--b -5 x- -y", ["a", "b", "5", "x", "y"]),
        ("13e-3 (Section 13(e))", ["13e-3", "section", "13", "e"]),
        ("e\u{0301}te\u{0301} naïve", ["ete", "naive"]),
        ("日本語 text — dash “quoted” ™", ["日本語", "text", "dash", "quoted"]),
    ])
    func wholeTokens(_ text: String, _ expected: [String]) {
        #expect(S.words(text) == expected)
        // the query analyzer produces the same whole tokens
        #expect(Analyzer(mode: .query).terms(text) == expected)
    }

    @Test func partsAreStackedAtTheCompoundPosition() {
        let toks = S.tokens("see 10b5-1 and 10-K, EX-10.1, well-known so-so apple.com 12,269,032 3.3825")
        let rendered = toks.map { "\($0.0)@\($0.1)\($0.2 ? "p" : "")" }
        #expect(rendered == [
            "see@0",
            "10b5-1@1", "10b5@1p", "1@1p",
            "and@2",
            "10-k@3", "10@3p", "k@3p",
            "ex-10.1@4", "ex@4p", "10.1@4p",
            "well-known@5", "well@5p", "known@5p",
            "so-so@6", "so@6p",                 // duplicate part emitted once
            "apple.com@7", "apple@7p", "com@7p",
            "12,269,032@8", "3.3825@9",         // numbers have no parts
        ])
        // query mode: whole tokens only, same positions
        #expect(S.tokens("see 10b5-1 and 10-K", mode: .query).map { "\($0.0)@\($0.1)" } == ["see@0", "10b5-1@1", "and@2", "10-k@3"])
    }

    @Test func blockBoundarySkipsOnePositionAndLengthCountsPrimaries() {
        let text = "alpha beta\ngamma\n\n\ndelta 10-K"
        let toks = S.tokens(text)
        #expect(toks.map(\.1) == [0, 1, 3, 5, 6, 6, 6])
        var length: UInt32 = 0
        Array(text.utf8).withUnsafeBytes { length = Analyzer().forEachToken(in: $0) { _ in } }
        #expect(length == 5)
        #expect(S.tokens("\nfirst").map(\.1) == [0]) // no gap before the first token
    }

    @Test func sourceOffsetsPointAtTheOriginalBytes() {
        let text = "Le Résumé, 10-K"
        let bytes = Array(text.utf8)
        var spans: [String] = []
        bytes.withUnsafeBytes { raw in
            Analyzer().forEachToken(in: raw) { t in spans.append(String(decoding: bytes[t.start..<t.end], as: UTF8.self)) }
        }
        #expect(spans == ["Le", "Résumé", "10-K", "10", "K"])
    }

    @Test func longRunsAreCappedSplitOrDropped() {
        let long = String(repeating: "a", count: 70)
        #expect(S.words("x \(long) y") == ["x", "y"]) // a single run over 64 bytes is dropped
        let exact = String(repeating: "b", count: 64)
        #expect(S.words(exact) == [exact])
        // a compound over the cap becomes its runs as ordinary tokens
        let parts = (0..<20).map { "w\($0)" }
        #expect(S.words(parts.joined(separator: "-")) == parts)
        // folding that expands (ß → ss) counts folded bytes
        #expect(S.words(String(repeating: "ß", count: 40)) == [])
        // a 1 MB word does not hang and yields nothing
        #expect(S.words(String(repeating: "z", count: 1 << 20) + " end") == ["end"])
    }

    @Test func invalidBytesSeparateWords() {
        let bytes: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def".utf8) + [0xC3] + Array("g".utf8)
        var terms: [String] = []
        bytes.withUnsafeBytes { raw in Analyzer().forEachToken(in: raw) { t in terms.append(t.termString) } }
        #expect(terms == ["abc", "def", "g"])
    }

    @Test func emptyAndSeparatorOnlyInput() {
        #expect(S.words("").isEmpty)
        #expect(S.words(" \n\n ,.-'$%").isEmpty)
        var length: UInt32 = 9
        [UInt8]().withUnsafeBytes { length = Analyzer().forEachToken(in: $0) { _ in } }
        #expect(length == 0)
    }
}
