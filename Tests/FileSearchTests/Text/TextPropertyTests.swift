import Testing
@testable import FileSearch

/// Invariants of extraction and tokenization on deterministic pseudo-random byte soup
/// (markup fragments, entities, UTF-8, Windows-1252, NUL, newlines, joiners).
@Suite struct TextPropertyTests {
    /// xorshift64*: deterministic, seedable.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 0x2545F4914F6CDD1D // &*: the generator's multiply wraps by design
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let fragments: [[UInt8]] = [
        "<p>", "</p>", "<td>", "<div class=\"a>b\">", "<!--", "-->", "<script>", "</script>", "<ix:header>", "</ix:header>",
        "<![CDATA[", "]]>", "&amp;", "&nbsp;", "&#", "&#x", "9;", "&rsquo;", "&bogus", "<", ">", "\"", "'", "=", "/",
        " ", "\n", "\n\n", "\t", "-", ".", ",", "$", "%", "10", "b5", "K", "Company", "’", "é", "ß", "Ж", "\u{0301}",
        "<PAGE>", "<?xml", "?>", "<!DOCTYPE", "word", "123", ",456", "ﬁ", "日本", "ʼ", "\u{2011}", "x\u{02BC}y",
    ].map { Array($0.utf8) } + [[0], [0x93], [0xE9], [0xC3], [0xE2, 0x80], [0xFF], [0xF0, 0x9F, 0x98, 0x80]]

    static func soup(_ rng: inout Rng, pieces: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<pieces { out += fragments[rng.below(fragments.count)] }
        return out
    }

    @Test func extractionInvariants() {
        var rng = Rng(state: 0x9E3779B97F4A7C15)
        for round in 0..<600 {
            let input = Self.soup(&rng, pieces: 1 + rng.below(120))
            for format in [DocumentFormat.html, .xml, .text] {
                var out: [UInt8] = []
                input.withUnsafeBytes { TextExtractor.extract($0, format: format, into: &out) }
                let s = String(validatingUTF8: out.map { CChar(bitPattern: $0) } + [0])
                #expect(s != nil, "round \(round) \(format): invalid UTF-8")
                #expect(!out.contains(0), "round \(round): NUL in output")
                if let f = out.first { #expect(f != 32 && f != 10, "round \(round): leading separator") }
                if let l = out.last { #expect(l != 32 && l != 10, "round \(round): trailing separator") }
                for k in 1..<max(1, out.count) {
                    let pair = (out[k - 1], out[k])
                    #expect(pair != (32, 32) && pair != (32, 10) && pair != (10, 32) && pair != (10, 10), "round \(round) \(format): bad separator run")
                }
            }
        }
    }

    @Test func tokenizationInvariants() {
        var rng = Rng(state: 42)
        for round in 0..<600 {
            let input = Self.soup(&rng, pieces: 1 + rng.below(120))
            var lastPosition: UInt32? = nil
            var primaries: UInt32 = 0
            var primaryTerms: [String] = []
            let length = input.withUnsafeBytes { raw in
                Analyzer(mode: .index).forEachToken(in: raw) { t in
                    #expect(t.term.count > 0 && t.term.count <= Analyzer.maxTermBytes, "round \(round)")
                    #expect(String(validatingUTF8: Array(t.term).map { CChar(bitPattern: $0) } + [0]) != nil, "round \(round): term not UTF-8")
                    #expect(t.start < t.end && t.end <= input.count)
                    if t.isPart {
                        #expect(t.position == lastPosition, "round \(round): part not stacked")
                    } else {
                        if let lp = lastPosition { #expect(t.position > lp && t.position <= lp + 2, "round \(round)") }
                        lastPosition = t.position
                        primaries += 1
                        primaryTerms.append(t.termString)
                    }
                }
            }
            #expect(length == primaries)
            // query mode yields exactly the primary terms
            var queryTerms: [String] = []
            input.withUnsafeBytes { raw in Analyzer(mode: .query).forEachToken(in: raw) { t in queryTerms.append(t.termString) } }
            #expect(queryTerms == primaryTerms, "round \(round)")
        }
    }

    /// Fully random bytes: no crash, no hang, valid UTF-8 out, every term ≤ the cap.
    @Test func randomBytes() {
        var rng = Rng(state: 7)
        for round in 0..<300 {
            let input = (0..<rng.below(3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            for format in [DocumentFormat.html, .xml, .text] {
                var out: [UInt8] = []
                input.withUnsafeBytes { TextExtractor.extract($0, format: format, into: &out) }
                #expect(String(validatingUTF8: out.map { CChar(bitPattern: $0) } + [0]) != nil, "round \(round)")
                var ok = true
                out.withUnsafeBytes { raw in
                    Analyzer().forEachToken(in: raw) { t in if t.term.count == 0 || t.term.count > Analyzer.maxTermBytes { ok = false } }
                }
                #expect(ok, "round \(round)")
            }
            var ok = true
            input.withUnsafeBytes { raw in Analyzer().forEachToken(in: raw) { t in if t.term.count == 0 { ok = false } } }
            #expect(ok)
        }
    }
}
