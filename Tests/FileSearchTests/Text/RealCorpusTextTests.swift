import Foundation
import Testing
@testable import FileSearch

/// Extraction and tokenization of real filings from `../shared/corpus`.
@Suite struct RealCorpusTextTests {
    typealias S = TextTestSupport

    /// The `<TEXT>…</TEXT>` body of the first document of an SGML submission.
    static func firstDocumentBody(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        func find(_ needle: String, from: Int) -> Int? {
            let n = Array(needle.utf8)
            guard bytes.count >= n.count else { return nil }
            var i = from
            while i + n.count <= bytes.count {
                if bytes[i] == n[0] && Array(bytes[i..<i + n.count]) == n { return i }
                i += 1
            }
            return nil
        }
        guard let open = find("<TEXT>", from: 0), let close = find("</TEXT>", from: open) else { return nil }
        return bytes[(open + 6)..<close]
    }

    static func seed003() throws -> [UInt8]? {
        for dir in [S.packageRoot.appendingPathComponent("Corpus"), S.sharedCorpus?.appendingPathComponent("seeds")].compactMap({ $0 }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            if let name = names.sorted().first(where: { $0.hasPrefix("003_") }) {
                return Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            }
        }
        return nil
    }

    @Test func seed003NT10QBodyInOrder() throws {
        guard let bytes = try Self.seed003() else {
            Issue.record("seed 003 not found under Corpus/ or ../shared/corpus/seeds — real-file extraction NOT tested")
            return
        }
        let body = try #require(Self.firstDocumentBody(bytes))
        let text = S.extract(bytes: Array(body), .html)
        let phrases = [
            "SECURITIES AND EXCHANGE COMMISSION", "FORM 12b-25", "NOTIFICATION OF LATE FILING",
            "For Period Ended: March 31, 2024", "PART I\nREGISTRANT INFORMATION", "Ault Alliance, Inc.",
            "11411 Southern Highlands Parkway, Suite 240", "Las Vegas, NV 89141",
            "The accountant\u{2019}s statement or other exhibit required by Rule 12b-25(c)",
            "PART III\nNARRATIVE", "Kenneth S. Cragun",
        ]
        var from = text.startIndex
        for phrase in phrases {
            let r = text.range(of: phrase, range: from..<text.endIndex)
            #expect(r != nil, "\(phrase) missing or out of order")
            if let r { from = r.upperBound }
        }
        #expect(!text.contains("<td") && !text.contains("<p") && !text.contains("style="), "markup left in text")
        #expect(!text.contains("&nbsp;") && !text.contains("&rsquo;"))
        #expect(!text.contains("Workiva"), "comment text leaked")
        // tokens: the form name, the rule and the possessive as the user types them
        let words = S.words(text)
        for w in ["12b-25", "10-q", "accountant's", "2024", "89141", "cragun"] {
            #expect(words.contains(w), "token \(w) missing")
        }
        // "Part III" and "Narrative" are separate blocks: not adjacent positions
        let toks = S.tokens(text, mode: .query)
        if let k = toks.firstIndex(where: { $0.0 == "narrative" }), k > 0 {
            #expect(toks[k - 1].0 == "iii" && toks[k].1 - toks[k - 1].1 == 2)
        } else {
            Issue.record("narrative not tokenized")
        }
    }

    /// Every iXBRL 10-K/10-Q: the hidden header's facts and contexts are gone, visible text is there.
    @Test func tenkqInlineXBRLHeaderIsDropped() throws {
        guard let corpus = S.sharedCorpus else {
            Issue.record("../shared/corpus not found — tenkq iXBRL extraction NOT tested")
            return
        }
        let dir = corpus.appendingPathComponent("tenkq")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(files.count >= 80)
        // a sample keeps the debug test fast; the benchmark covers every file
        var checkedHeaders = 0
        for name in files.enumerated().filter({ $0.offset % 8 == 0 }).map(\.element) {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            let text = S.extract(bytes: bytes, .html)
            let raw = String(decoding: bytes, as: UTF8.self)
            let isIXBRL = raw.contains("<ix:header")
            if isIXBRL {
                checkedHeaders += 1
                // header content: xbrli contexts, dei: names as text, hidden facts
                #expect(!text.contains("xbrli:"), "\(name): header markup leaked")
                #expect(!text.contains("c-1 "), "\(name)")
                // the hidden AmendmentFlag fact "false" must not appear right at the start
                #expect(!text.hasPrefix("false"), "\(name): hidden facts leaked")
                // text nodes that only the header holds: unit measures and taxonomy URIs of hidden facts
                if raw.contains(">iso4217:USD<") { #expect(!text.contains("iso4217:USD"), "\(name): xbrli:measure text leaked") }
                #expect(!text.contains("http://fasb.org/us-gaap/"), "\(name): hidden enumeration fact leaked")
                #expect(!text.contains("xbrli:shares"), "\(name)")
                // an ix:header is at most a few hundred KB; text is much smaller than the file
                #expect(text.utf8.count < bytes.count / 2, "\(name)")
            }
            #expect(text.localizedCaseInsensitiveContains("securities and exchange commission"), "\(name): cover page text missing")
            #expect(text.localizedCaseInsensitiveContains("quarterly report") || text.localizedCaseInsensitiveContains("annual report"), "\(name)")
            #expect(String(validatingUTF8: text) != nil)
            #expect(!text.contains("<ix:") && !text.contains("</span"), "\(name): markup leaked")
        }
        #expect(checkedHeaders >= 8, "only \(checkedHeaders) iXBRL files checked")
    }

    /// Apple's 10-K: a fact from the hidden header (the dei:EntityCentralIndexKey value) is not in
    /// the text, while a visible nonFraction fact (inside ix:nonFraction) is.
    @Test func appleHiddenVersusVisibleFacts() throws {
        guard let corpus = S.sharedCorpus else {
            Issue.record("../shared/corpus not found — Apple iXBRL test NOT run")
            return
        }
        let url = corpus.appendingPathComponent("tenkq/10-K_AAPL_0000320193-24-000123.html")
        guard let data = try? Data(contentsOf: url) else { Issue.record("\(url.path) missing"); return }
        let bytes = Array(data)
        let raw = String(decoding: bytes, as: UTF8.self)
        let text = S.extract(bytes: bytes, .html)
        // hidden header facts
        #expect(raw.contains(">0000320193</ix:nonNumeric>"))
        #expect(!text.contains("0000320193"))
        #expect(!text.contains("P1Y"))
        // visible facts inside ix:nonNumeric/ix:nonFraction in the body
        #expect(text.contains("Apple Inc."))
        let words = Set(S.words(text))
        #expect(words.contains("391,035") && words.contains("iphone") && words.contains("10-k"))
    }
}
