import Testing
@testable import FileSearch

@Suite struct TextExtractorTests {
    typealias S = TextTestSupport

    @Test func namedNumericAndLegacyEntities() {
        #expect(S.extract("The accountant&rsquo;s statement &amp; more") == "The accountant\u{2019}s statement & more")
        #expect(S.extract("a&nbsp;&nbsp;b") == "a b")
        #expect(S.extract("&lt;tag&gt; &quot;q&quot; &copy; &eacute;") == "<tag> \"q\" © é")
        #expect(S.extract("&#8217;&#x2019;&#X2019;&#65") == "\u{2019}\u{2019}\u{2019}A")
        #expect(S.extract("&#150; &#147;quoted&#148;") == "\u{2013} \u{201C}quoted\u{201D}") // 0x80-0x9F via Windows-1252
        #expect(S.extract("x&#0;y &#xD800;z &#99999999;w") == "x\u{FFFD}y \u{FFFD}z \u{FFFD}w")
        #expect(S.extract("AT&T &amp &copy2024 &notit; &unknown; &") == "AT&T & ©2024 ¬it; &unknown; &")
        #expect(S.extract("&NotSquareSubsetEqual; &CounterClockwiseContourIntegral; &nGt;") == "\u{22E2} \u{2233} \u{226B}\u{20D2}")
        #expect(S.extract("soft&shy;hyphen") == "softhyphen")
    }

    @Test func blockBoundariesAndWhitespace() {
        #expect(S.extract("<table><tr><td>Net</td><td>income</td></tr></table>") == "Net\nincome")
        #expect(S.extract("  <p> Hello <b>wor</b>ld </p>\n\n<p>next</p>  ") == "Hello world\nnext")
        #expect(S.extract("a<br>b<br/>c<BR />d") == "a\nb\nc\nd")
        #expect(S.extract("<h1>Title</h1><div><div>x</div></div>") == "Title\nx")
        #expect(S.extract("one\t\r\n  two") == "one two")
        #expect(S.extract("<li>a</li> <li>b</li>") == "a\nb") // no space around a boundary
        // XML: every element end is a boundary
        #expect(S.extract("<?xml version=\"1.0\"?><doc><issuerName>Ault Alliance</issuerName><cik>0000896493</cik></doc>", .xml)
                == "Ault Alliance\n0000896493")
    }

    @Test func noPhraseAcrossTableCells() {
        let text = S.extract("<table><tr><td>Total</td><td>revenue</td></tr></table>")
        let toks = S.tokens(text)
        #expect(toks.map(\.0) == ["total", "revenue"])
        #expect(toks[1].1 - toks[0].1 == 2) // one position skipped
    }

    @Test func inlineXBRLHeaderDroppedFactsKept() {
        let html = """
        <html><body><div style="display:none"><ix:header><ix:hidden><ix:nonNumeric contextRef="c-1" name="dei:AmendmentFlag">false</ix:nonNumeric>
        </ix:hidden><ix:resources><xbrli:context id="c-1"><xbrli:entity>0000320193</xbrli:entity></xbrli:context></ix:resources></IX:HEADER></div>
        <p>Revenue was $<ix:nonFraction name="us-gaap:Revenues" contextRef="c-1" unitRef="usd" scale="6">391,035</ix:nonFraction> million.</p></body></html>
        """
        #expect(S.extract(html) == "Revenue was $391,035 million.")
    }

    @Test func scriptStyleCommentsDeclarationsDropped() {
        let html = "<!DOCTYPE html><?xml version='1.0'?><head><style>p { color: red }</style><script type=\"x\">if (a < b) { x = \"</p>\" }</script></head>" +
            "<body>visible<!-- hidden -->text<!--> more <!---> end<![CDATA[a < b & c]]></body>"
        #expect(S.extract(html) == "visibletext more enda < b & c") // comments and CDATA markup vanish without a separator
        #expect(S.extract("<SCRIPT>alert(1)</SCRIPT >after") == "after")
    }

    @Test func attributesWithQuotesAndBrackets() {
        #expect(S.extract("<a title=\"a > b\" href='x>y'>link</a> text") == "link text")
        // an attribute quote that never closes is taken literally, so the tag ends at the next '>'
        #expect(S.extract("<img alt=\"unterminated>text after") == "text after")
        #expect(S.extract("<p>a<img alt=\"x") == "a") // tag never closes: rest is inside it
        #expect(S.extract("x < y and 3<4") == "x < y and 3<4")
    }

    @Test func unterminatedCommentTagAndRawText() {
        #expect(S.extract("before<!-- never closed <p>hidden</p>") == "before")
        #expect(S.extract("before<div class=\"x") == "before")
        #expect(S.extract("before<script>var x") == "before")
        #expect(S.extract("before<ix:header>hidden") == "before")
        #expect(S.extract("a<![CDATA[open") == "aopen")
        #expect(S.extract("trailing <") == "trailing <")
    }

    @Test func windows1252AndInvalidUTF8KeepTheWords() {
        let bytes: [UInt8] = Array("the ".utf8) + [0x93] + Array("Company".utf8) + [0x94] + Array(" caf".utf8) + [0xE9] +
            Array(" r".utf8) + [0xC3, 0xA9] + Array("sum".utf8) + [0xC3] + Array(" end".utf8) + [0xFF, 0xFE]
        #expect(S.extract(bytes: bytes) == "the \u{201C}Company\u{201D} café résumÃ endÿþ")
        #expect(S.words(S.extract(bytes: bytes)) == ["the", "company", "cafe", "resuma", "endyth"])
        // truncated multi-byte sequence at the end and overlong / surrogate encodings
        #expect(S.extract(bytes: Array("ok".utf8) + [0xE2, 0x80]) == "okâ\u{20AC}")
        // overlong C0 AF and surrogate ED A0 80: every byte decoded on its own through Windows-1252
        #expect(S.extract(bytes: [0xC0, 0xAF, 0x41, 0xED, 0xA0, 0x80]) == "À¯Aí \u{20AC}")
        let out = S.extract(bytes: [0xC0, 0xAF, 0x41, 0xED, 0xA0, 0x80])
        #expect(String(validatingUTF8: out) != nil && out.contains("A"))
    }

    @Test func nulAndControlBytesAreSpaces() {
        #expect(S.extract(bytes: Array("a".utf8) + [0, 0, 1] + Array("b\u{7F}c".utf8)) == "a b c")
        #expect(S.extract(bytes: Array("x".utf8) + [0] + Array("y".utf8), .text) == "x y")
    }

    @Test func plainTextBlankLinesAndSGMLTags() {
        let text = "FORM 10-K\n\nItem 1.\nBusiness of the\ncompany\n<PAGE>  2\n\n  \n<S>  <C>\nTotal < 5\n"
        #expect(S.extract(text, .text) == "FORM 10-K\nItem 1. Business of the company 2\nTotal < 5")
        #expect(S.extract("a &amp; b", .text) == "a &amp; b")
        #expect(S.extract("page\u{0C}break", .text) == "page\nbreak")
    }

    @Test func deepNestingIsLinear() {
        let depth = 200_000
        let html = String(repeating: "<div><span>", count: depth) + "deep" + String(repeating: "</span></div>", count: depth)
        #expect(S.extract(html) == "deep")
    }

    @Test func skippedFormatsYieldNothing() {
        var out: [UInt8] = []
        Array("begin 644 x".utf8).withUnsafeBytes { TextExtractor.extract($0, format: .uuencoded, into: &out) }
        Array("%PDF".utf8).withUnsafeBytes { TextExtractor.extract($0, format: .binary, into: &out) }
        #expect(out.isEmpty)
    }

    @Test func appendsToExistingOutput() {
        var out = Array("prefix\n".utf8)
        Array("<p>x</p>".utf8).withUnsafeBytes { TextExtractor.extract($0, format: .html, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "prefix\nx")
    }

    /// A single 100 MB line: completes (time is linear; speed is measured in Benchmarks, not here).
    @Test func hundredMegabyteSingleLine() {
        let unit = Array("Revenue&nbsp;of <b>$12,269,032</b> and 13.00% for the Company&rsquo;s 10-K ".utf8)
        var big = unit
        while big.count < 100 << 20 { big += big } // doubling: 2^21 copies, ~160 MB
        var out: [UInt8] = []
        big.withUnsafeBytes { TextExtractor.extract($0, format: .html, into: &out) }
        let copies = big.count / unit.count
        #expect(!out.contains(10))
        #expect(out.count == copies * 59 - 1) // "Revenue of $12,269,032 and 13.00% for the Company’s 10-K" + one space between copies
        var count: UInt32 = 0
        out.withUnsafeBytes { count = Analyzer(mode: .query).forEachToken(in: $0) { _ in } }
        #expect(count == UInt32(copies * 9))
    }
}
