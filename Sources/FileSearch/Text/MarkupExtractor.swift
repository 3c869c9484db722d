/// Streaming text extraction from HTML, XHTML/inline XBRL and XML bodies: one forward pass,
/// no DOM, no element stack.
///
/// - Tags vanish; block-level elements (see `TagNames`) emit a block boundary, in XML every end
///   tag and self-closing tag does, and other XML start tags separate words.
/// - Comments (`<!-- -->`, an unterminated one runs to the end), `<!DOCTYPE …>`, `<?xml …?>` vanish;
///   CDATA sections keep their text verbatim.
/// - `<script>`, `<style>` and the hidden inline-XBRL header `<ix:header>` are dropped up to their
///   end tag (to the end of input when it is missing); all other `ix:` elements keep their text.
/// - Entities: every HTML5 named reference, legacy names without `;`, decimal and hex references
///   (0x80–0x9F through Windows-1252, invalid values → U+FFFD).
/// - A tag without a closing `>` drops the rest of the input (as HTML5 does at end of file).
///
/// - Complexity: O(n): every byte is examined a bounded number of times; quote searches that
///   fail are remembered so unterminated attribute values cannot cause rescans.
struct MarkupExtractor: ~Copyable {
    let p: UnsafePointer<UInt8>
    let n: Int
    let xml: Bool
    var sink: TextSink
    /// No `"` at or after this index (a failed search is not repeated).
    private var noDoubleQuoteFrom = Int.max
    /// No `'` at or after this index.
    private var noSingleQuoteFrom = Int.max

    init(_ p: UnsafePointer<UInt8>, count n: Int, xml: Bool) {
        self.p = p
        self.n = n
        self.xml = xml
        sink = TextSink(expectedInput: n, plainText: false)
    }

    /// Runs the whole input through the sink.
    mutating func run() {
        var i = 0
        while i < n {
            i = TextRun.emit(p, from: i, to: n, stopAtLessThan: true, stopAtAmpersand: true, into: &sink)
            guard i < n else { break }
            i = p[i] == 60 ? markup(at: i) : EntityDecoder.decode(p, at: i, count: n, into: &sink)
        }
    }

    @inline(__always)
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 } // | 0x20: ASCII lower-case

    @inline(__always)
    private static func isNameChar(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 48 && b <= 58) || b == 45 || b == 95 || b == 46 // digits, ':', '-', '_', '.'
    }

    /// Handles the `<` at `i`; returns the index after the construct.
    private mutating func markup(at i: Int) -> Int {
        let j = i + 1
        guard j < n else { sink.ascii(60); return n }
        let c = p[j]
        if Self.isLetter(c) { return startTag(at: i) }
        switch c {
        case 47: // '/'
            if j + 1 < n && Self.isLetter(p[j + 1]) { return endTag(at: i) }
            return skipPast(62, from: j) // bogus end tag: drop to '>'
        case 33: // '!'
            if j + 2 < n && p[j + 1] == 45 && p[j + 2] == 45 { return comment(from: j + 3) } // "<!--"
            if matches("[CDATA[", at: j + 1) { return cdata(from: j + 8) }
            return skipPast(62, from: j) // <!DOCTYPE …>, other declarations
        case 63: // '?'
            return skipPast(62, from: j) // <?xml …?>, processing instructions
        default:
            sink.ascii(60) // a literal '<' in text
            return j
        }
    }

    private func matches(_ s: StaticString, at i: Int) -> Bool {
        let m = s.utf8CodeUnitCount
        guard i + m <= n else { return false }
        let q = s.utf8Start
        for k in 0..<m where p[i + k] != q[k] { return false }
        return true
    }

    /// Index after the first `byte` at or after `from`, or `n`.
    @inline(__always)
    private func skipPast(_ byte: UInt8, from: Int) -> Int {
        guard let k = ByteSearch.first(byte, in: p, from: from, to: n) else { return n }
        return k + 1
    }

    /// A comment whose body starts at `start`; `-->` (also `--!>`, and `<!-->`, `<!--->`) ends it.
    private func comment(from start: Int) -> Int {
        var k = start
        while let gt = ByteSearch.first(62, in: p, from: k, to: n) {
            // the opening "<!--" may share its dashes with the end ("<!-->" is an empty comment)
            if gt - 2 >= start - 2 && p[gt - 1] == 45 && p[gt - 2] == 45 { return gt + 1 }
            if gt - 3 >= start - 2 && p[gt - 1] == 33 && p[gt - 2] == 45 && p[gt - 3] == 45 { return gt + 1 }
            k = gt + 1
        }
        return n // unterminated: runs to the end
    }

    /// CDATA content from `start` to `]]>` (or the end), emitted verbatim (no markup, no entities).
    private mutating func cdata(from start: Int) -> Int {
        var k = start
        var end = n
        while let gt = ByteSearch.first(62, in: p, from: k, to: n) {
            if gt - 2 >= start && p[gt - 1] == 93 && p[gt - 2] == 93 { end = gt - 2; break } // "]]>"
            k = gt + 1
        }
        _ = TextRun.emit(p, from: start, to: end, stopAtLessThan: false, stopAtAmpersand: false, into: &sink)
        return end == n ? n : end + 3
    }

    /// A start tag at `i` (`<` then a letter): classifies the element and skips its attributes.
    private mutating func startTag(at i: Int) -> Int {
        var k = i + 1
        while k < n && Self.isNameChar(p[k]) { k += 1 }
        let kind = TagNames.kind(p + i + 1, k - i - 1)
        // attributes: a quote right after '=' opens a value that may contain '>'
        var afterEquals = false
        while k < n {
            let b = p[k]
            if b == 62 { break } // '>'
            if (b == 34 || b == 39) && afterEquals { // '"' or '\''
                if let close = findQuote(b, from: k + 1) { k = close + 1; afterEquals = false; continue }
            }
            if b == 61 { afterEquals = true } // '='
            else if b != 32 && b != 9 && b != 10 && b != 13 { afterEquals = false }
            k += 1
        }
        guard k < n else { return n } // unterminated tag: the rest is inside it
        let selfClosing = p[k - 1] == 47 // '/'
        let after = k + 1
        switch kind {
        case .block:
            sink.blockBreak()
        case .rawText, .ixHeader:
            if selfClosing { return after }
            let name: StaticString = kind == .ixHeader ? "ix:header" : ((p[i + 1] | 0x20) == 115 && (p[i + 2] | 0x20) == 116 ? "style" : "script") // 's','t': style
            sink.space()
            guard let close = ByteSearch.closingTag(name, in: p, from: after, to: n) else { return n }
            return skipPast(62, from: close)
        case .inline:
            if xml { if selfClosing { sink.blockBreak() } else { sink.space() } }
        }
        return after
    }

    /// An end tag at `i` (`</` then a letter).
    private mutating func endTag(at i: Int) -> Int {
        var k = i + 2
        while k < n && Self.isNameChar(p[k]) { k += 1 }
        if xml || TagNames.kind(p + i + 2, k - i - 2) == .block { sink.blockBreak() }
        return skipPast(62, from: k)
    }

    /// The index of the closing `quote` at or after `from`, remembering failures.
    private mutating func findQuote(_ quote: UInt8, from: Int) -> Int? {
        if quote == 34 {
            if from >= noDoubleQuoteFrom { return nil }
            if let q = ByteSearch.first(34, in: p, from: from, to: n) { return q }
            noDoubleQuoteFrom = from
        } else {
            if from >= noSingleQuoteFrom { return nil }
            if let q = ByteSearch.first(39, in: p, from: from, to: n) { return q }
            noSingleQuoteFrom = from
        }
        return nil
    }
}
