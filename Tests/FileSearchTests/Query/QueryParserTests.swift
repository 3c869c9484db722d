import Testing
@testable import FileSearch

/// Every syntax form of the query language, and every malformed case with its column.
@Suite struct QueryParserTests {
    let p = QueryParser()
    func parse(_ q: String) throws -> QueryNode { try p.parse(q) }
    func t(_ s: String) -> QueryNode { .term(s, prefix: false, exact: false) }
    func day(_ s: String) -> FilingDate { FilingDate(s)! }

    @Test func bareWordsAreAnded() throws {
        #expect(try parse("series c warrants") == .and([t("series"), t("c"), t("warrants")]))
        #expect(try parse("Warrants") == t("warrants"))
        #expect(try parse("a AND b") == .and([t("a"), t("b")]))
        #expect(try parse("") == .all)
        #expect(try parse("   ") == .all)
    }

    @Test func phrasesAndProximity() throws {
        #expect(try parse("\"Series C warrants\"") == .phrase(["series", "c", "warrants"], slop: 0, exact: false))
        #expect(try parse("\"series warrants\"~3") == .phrase(["series", "warrants"], slop: 3, exact: false))
        #expect(try parse("series NEAR/3 warrants") == .phrase(["series", "warrants"], slop: 3, exact: false))
        #expect(try parse("\"warrants\"") == t("warrants"))
        #expect(try parse("=\"series c\"") == .phrase(["series", "c"], slop: 0, exact: true))
    }

    @Test func booleanOperators() throws {
        #expect(try parse("a OR b") == .or([t("a"), t("b")]))
        #expect(try parse("a | b | c") == .or([t("a"), t("b"), t("c")]))
        #expect(try parse("a b OR c") == .and([t("a"), .or([t("b"), t("c")])]))
        #expect(try parse("a -b") == .and([t("a"), .not(t("b"))]))
        #expect(try parse("a NOT b") == .and([t("a"), .not(t("b"))]))
        #expect(try parse("-b") == .and([.all, .not(t("b"))]))
        #expect(try parse("a OR NOT b") == .or([t("a"), .and([.all, .not(t("b"))])]))
        #expect(try parse("(\"going concern\" OR \"substantial doubt\") -bankruptcy") ==
            .and([.or([.phrase(["going", "concern"], slop: 0, exact: false), .phrase(["substantial", "doubt"], slop: 0, exact: false)]),
                  .not(t("bankruptcy"))]))
        #expect(try parse("(a b) c") == .and([t("a"), t("b"), t("c")]))
        #expect(try parse("or and not") == .and([t("or"), t("and"), t("not")]))
    }

    @Test func prefixAndExact() throws {
        #expect(try parse("warrant*") == .term("warrant", prefix: true, exact: false))
        #expect(try parse("=warrants") == .term("warrants", prefix: false, exact: true))
        #expect(try QueryParser(exact: true).parse("warrants") == .term("warrants", prefix: false, exact: true))
    }

    @Test func fieldFilters() throws {
        #expect(try parse("form:4") == .filter(.form(["4"])))
        #expect(try parse("form:\"10-K\"") == .filter(.form(["10-K"])))
        #expect(try parse("form:10-k/a") == .filter(.form(["10-K/A"])))
        #expect(try parse("form:10-K,10-K/A") == .filter(.form(["10-K", "10-K/A"])))
        #expect(try parse("form:\"NT  10-Q\"") == .filter(.form(["NT 10-Q"])))
        #expect(try parse("cik:896493") == .filter(.cik("0000896493")))
        #expect(try parse("CIK:0000896493") == .filter(.cik("0000896493")))
        #expect(try parse("filed:2023-12-01..2024-03-31") == .filter(.filed(DateRange(lower: day("2023-12-01"), upper: day("2024-03-31")))))
        #expect(try parse("filed:>=2024-01-01") == .filter(.filed(DateRange(lower: day("2024-01-01"), upper: nil))))
        #expect(try parse("filed:>2024-01-01") == .filter(.filed(DateRange(lower: day("2024-01-02"), upper: nil))))
        #expect(try parse("filed:<2024-01-01") == .filter(.filed(DateRange(lower: nil, upper: day("2023-12-31")))))
        #expect(try parse("filed:<=2024") == .filter(.filed(DateRange(lower: nil, upper: day("2024-12-31")))))
        #expect(try parse("filed:2024") == .filter(.filed(DateRange(lower: day("2024-01-01"), upper: day("2024-12-31")))))
        #expect(try parse("filed:2024-02") == .filter(.filed(DateRange(lower: day("2024-02-01"), upper: day("2024-02-29")))))
        #expect(try parse("filed:2023..") == .filter(.filed(DateRange(lower: day("2023-01-01"), upper: nil))))
        #expect(try parse("period:2024-03-31") == .filter(.period(DateRange(lower: day("2024-03-31"), upper: day("2024-03-31")))))
        #expect(try parse("company:\"Ault Alliance\"") == .filter(.company(["ault", "alliance"])))
        #expect(try parse("type:ex-10.1") == .filter(.documentType("EX-10.1")))
        #expect(try parse("sic:3679") == .filter(.sic("3679")))
        #expect(try parse("state:nv") == .filter(.state("NV")))
        #expect(try parse("accession:0001214659-24-009346") == .filter(.accession("0001214659-24-009346")))
        #expect(try parse("accession:000121465924009346") == .filter(.accession("0001214659-24-009346")))
        #expect(try parse("warrants form:4 cik:896493") == .and([t("warrants"), .filter(.form(["4"])), .filter(.cik("0000896493"))]))
        #expect(try parse("-form:4") == .and([.all, .not(.filter(.form(["4"])))]))
        #expect(try parse("10:30") == .phrase(["10", "30"], slop: 0, exact: false)) // a colon after digits is not a field
    }

    /// (query, column, fragment of the message or expectation)
    static let malformed: [(String, Int, String)] = [
        ("\"unclosed", 1, "closing \""),
        ("series \"c warrants", 8, "closing \""),
        ("form:", 6, "a value after 'form:'"),
        ("form: 4", 6, "a value after 'form:'"),
        ("filed:2024-13-45", 7, "YYYY-MM-DD"),
        ("filed:2024-02-30", 7, "invalid date"),
        ("filed:2024-03-31..2024-01-01", 7, "invalid date"),
        ("filed:yesterday", 7, "invalid date"),
        ("(a OR", 6, "a term after OR"),
        ("(a", 3, "')'"),
        ("a)", 2, "unmatched ')'"),
        ("()", 2, "a term after '('"),
        ("a OR", 5, "a term after OR"),
        ("OR a", 1, "a term before OR"),
        ("| a", 1, "a term before OR"),
        ("a AND", 6, "a term after AND"),
        ("a NOT", 6, "a term after NOT"),
        ("a - b", 3, "unexpected '-'"),
        ("foo:bar", 1, "form:"),
        ("cik:abc", 5, "1 to 10 digits"),
        ("cik:12345678901", 5, "1 to 10 digits"),
        ("accession:123", 11, "NNNNNNNNNN-NN-NNNNNN"),
        ("sic:36a9", 5, "SIC"),
        ("company:\"!!\"", 9, "company name"),
        ("company:\"ault", 9, "closing \""),
        ("\"a b\"~x", 6, "~N"),
        ("\"a b\"~1000", 6, "~N"),
        ("a ~3", 3, "\"phrase\"~N"),
        ("a NEAR/x b", 3, "NEAR/N"),
        ("a NEAR/3", 9, "a word after NEAR"),
        ("NEAR/3 b", 1, "a word before NEAR"),
        ("(a OR b) NEAR/2 c", 10, "NEAR"),
        ("w*r", 1, "'*'"),
        ("a*", 1, "at least 2 characters"),
        ("\"\"", 1, "words inside the quotes"),
        ("!!!", 1, "no searchable characters"),
        ("= a", 1, "=word"),
        ("form:10-K*", 6, "form type"),
        ("company:\"Société Générale\" \"x", 28, "closing \""), // columns count characters, not bytes
    ]

    @Test(arguments: malformed) func malformedQueries(_ c: (String, Int, String)) {
        do {
            let n = try p.parse(c.0)
            Issue.record("'\(c.0)' parsed as \(n) instead of failing")
        } catch let e as QueryParseError {
            #expect(e.column == c.1, "'\(c.0)': \(e)")
            #expect(e.description.contains(c.2), "'\(c.0)': \(e)")
            #expect(!e.description.contains("\n"))
        } catch {
            Issue.record("'\(c.0)': unexpected error \(error)")
        }
    }

    @Test func unknownFieldListsKnownOnes() {
        #expect(throws: QueryParseError.self) { try p.parse("foo:bar") }
        do { _ = try p.parse("x foo:bar") } catch let e as QueryParseError {
            for f in FieldFilterSyntax.knownFields { #expect(e.description.contains(f + ":")) }
            #expect(e.column == 3)
        } catch { Issue.record("\(error)") }
    }

    @Test func hostileInputFailsCleanly() throws {
        let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        #expect(throws: QueryParseError.self) { try p.parse(deep) }
        let nots = String(repeating: "NOT ", count: 50_000) + "a"
        #expect(throws: QueryParseError.self) { try p.parse(nots) }
        #expect(try p.parse(String(repeating: "(", count: 10) + "a" + String(repeating: ")", count: 10)) == t("a"))
        let long = Array(repeating: "w", count: 20_000).joined(separator: " ")
        #expect((try? p.parse(long)) != nil)
    }

    @Test func lexerOffsets() throws {
        let lx = try QueryLexer.lex("a (\"b c\"~2 OR -d) form:\"10-K\"")
        #expect(lx.map(\.range) == [0..<1, 2..<3, 3..<8, 8..<10, 11..<13, 14..<15, 15..<16, 16..<17, 18..<29])
    }
}
