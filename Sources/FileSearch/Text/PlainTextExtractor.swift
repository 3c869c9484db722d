/// Text extraction from plain-text bodies (old EDGAR `.txt` documents, text renderings).
///
/// Text is kept as is (no entity decoding); a blank line (two or more newlines, lines of only
/// white space included) or a form feed is a block boundary, a single newline is a space.
/// EDGAR's bare SGML tags inside text bodies (`<PAGE>`, `<S>`, `<C>`, `<TABLE>`, `</FN>` …: a name
/// of up to 32 letters, digits, `-`, `_`, no attributes) are removed; any other `<` is text.
///
/// - Complexity: O(n).
struct PlainTextExtractor: ~Copyable {
    let p: UnsafePointer<UInt8>
    let n: Int
    var sink: TextSink

    init(_ p: UnsafePointer<UInt8>, count n: Int) {
        self.p = p
        self.n = n
        sink = TextSink(expectedInput: n, plainText: true)
    }

    mutating func run() {
        var i = 0
        while i < n {
            i = TextRun.emit(p, from: i, to: n, stopAtLessThan: true, stopAtAmpersand: false, into: &sink)
            guard i < n else { break }
            if let end = sgmlTagEnd(at: i) {
                sink.space()
                i = end
            } else {
                sink.ascii(60) // '<' as text
                i += 1
            }
        }
    }

    /// The index after a bare SGML tag starting at `p[i] == '<'`, or nil.
    private func sgmlTagEnd(at i: Int) -> Int? {
        var k = i + 1
        if k < n && p[k] == 47 { k += 1 } // '/'
        guard k < n, (p[k] | 0x20) >= 97, (p[k] | 0x20) <= 122 else { return nil } // a letter first
        let nameStart = k
        while k < n && k - nameStart < 32 {
            let b = p[k], l = b | 0x20 // ASCII lower-case
            guard (l >= 97 && l <= 122) || (b >= 48 && b <= 57) || b == 45 || b == 95 else { break }
            k += 1
        }
        guard k < n, p[k] == 62 else { return nil } // '>'
        return k + 1
    }
}
