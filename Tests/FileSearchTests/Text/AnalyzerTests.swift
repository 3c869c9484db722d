import Testing
@testable import FileSearch

@Suite struct AnalyzerTests {
    typealias S = TextTestSupport

    @Test(arguments: [
        ("12,269,032 shares", ["12,269,032", "shares"]),
        ("at $3.3825 per", ["at", "3.3825", "per"]),
        ("rate of 13.00%.", ["rate", "of", "13.00"]),
        ("1,000,000.50 and 1,2 and 2023,2024 and 12,3456", ["1,000,000.50", "and", "1", "2", "and", "2023", "2024", "and", "12", "3456"]),
        ("Rule 10b5-1(c) plan", ["rule", "10b5", "1", "c", "plan"]),
        ("CUSIP 09175M408", ["cusip", "09175m408"]),
        ("Exhibit EX-10.1 to Form 10-K", ["exhibit", "ex", "10.1", "to", "form", "10", "k"]),
        ("the Company’s and company's", ["the", "company's", "and", "company's"]),
        ("Résumé ÉCOLE Straße Æon œuvre ﬁnal Ångström", ["resume", "ecole", "strasse", "aeon", "oeuvre", "final", "angstrom"]),
        ("ΑΘΗΝΑ Ἀθῆναι Москва ЁЛКА", ["αθηνα", "αθηναι", "москва", "елка"]),
        ("'quoted' companies' o'neil", ["quoted", "companies", "o'neil"]),
        ("\u{02BC}lead Oʼneil", ["lead", "o'neil"]),
        ("Inc. U.S. e.g. sec.gov", ["inc", "u", "s", "e", "g", "sec", "gov"]),
        ("Form 10\u{2011}K and S-1", ["form", "10", "k", "and", "s", "1"]),
        ("a--b -5 x- -y", ["a", "b", "5", "x", "y"]),
        ("13e-3 (Section 13(e))", ["13e", "3", "section", "13", "e"]),
        ("e\u{0301}te\u{0301} naïve", ["ete", "naive"]),
        ("日本語 text — dash “quoted” ™", ["日本語", "text", "dash", "quoted"]),
    ])
    func primaryTokens(_ text: String, _ expected: [String]) {
        #expect(S.words(text) == expected)
        // the index analyzer produces the same primary tokens (stacked whole compounds aside)
        #expect(S.tokens(text, mode: .index).filter { !$0.2 }.map(\.0) == expected)
    }

    @Test(arguments: [
        ("Rule 10b5-1(c) plan", "10b5-1"), ("CUSIP 09175M408", "09175m408"), ("Exhibit EX-10.1", "ex-10.1"),
        ("Form 10-K", "10-k"), ("13e-3 transaction", "13e-3"), ("U.S. GAAP", "u.s"), ("Form 10\u{2011}K", "10-k"),
    ])
    func identifiersStayWholeInTheIndex(_ text: String, _ whole: String) {
        #expect(S.indexedTerms(text).contains(whole))
    }

    @Test func partsAreConsecutiveAndTheWholeIsStackedOnTheFirst() {
        let toks = S.tokens("see 10b5-1 and 10-K, EX-10.1, well-known so-so apple.com 12,269,032 3.3825")
        let rendered = toks.map { "\($0.0)@\($0.1)\($0.2 ? "p" : "")" }
        #expect(rendered == [
            "see@0",
            "10b5@1", "10b5-1@1p", "1@2",
            "and@3",
            "10@4", "10-k@4p", "k@5",
            "ex@6", "ex-10.1@6p", "10.1@7",
            "well@8", "well-known@8p", "known@9",
            "so@10", "so-so@10p", "so@11",
            "apple@12", "apple.com@12p", "com@13",
            "12,269,032@14", "3.3825@15",       // numbers have no parts
        ])
        // query mode: the parts only, at the same consecutive positions (a compound is a phrase)
        #expect(S.tokens("see 10b5-1 and 10-K", mode: .query).map { "\($0.0)@\($0.1)" } == ["see@0", "10b5@1", "1@2", "and@3", "10@4", "k@5"])
    }

    @Test func hyphenatedAndSpacedSpellingsLineUp() {
        // "forward-looking statements" and "forward looking statements" give the same primary positions
        let a = S.tokens("forward-looking statements").filter { !$0.2 }.map { "\($0.0)@\($0.1)" }
        let b = S.tokens("forward looking statements").map { "\($0.0)@\($0.1)" }
        #expect(a == b)
    }

    @Test func blockBoundarySkipsOnePositionAndLengthCountsPrimaries() {
        let text = "alpha beta\ngamma\n\n\ndelta 10-K"
        let toks = S.tokens(text)
        #expect(toks.map(\.1) == [0, 1, 3, 5, 6, 6, 7]) // 10@6, 10-k@6 (stacked), k@7
        var length: UInt32 = 0
        Array(text.utf8).withUnsafeBytes { length = Analyzer().forEachToken(in: $0) { _ in } }
        #expect(length == 6) // alpha beta gamma delta 10 k
        #expect(S.tokens("\nfirst").map(\.1) == [0]) // no gap before the first token
    }

    @Test func sourceOffsetsPointAtTheOriginalBytes() {
        let text = "Le Résumé, 10-K"
        let bytes = Array(text.utf8)
        var spans: [String] = []
        bytes.withUnsafeBytes { raw in
            Analyzer().forEachToken(in: raw) { t in spans.append(String(decoding: bytes[t.start..<t.end], as: UTF8.self)) }
        }
        #expect(spans == ["Le", "Résumé", "10", "10-K", "K"])
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
