/// Extracts the visible text of a document body.
public enum TextExtractor {
    /// Appends the visible text of `body` to `out`: markup stripped, entities decoded,
    /// valid UTF-8, runs of white space collapsed to one space, and `\n` at every block boundary
    /// (never leading, trailing or next to a space).
    ///
    /// - `.html`: `MarkupExtractor` (HTML, XHTML, inline XBRL; `ix:header`, `script`, `style` dropped).
    /// - `.xml`: `MarkupExtractor` in XML mode (every element end is a block boundary).
    /// - `.text`: `PlainTextExtractor` (a blank line is a block boundary, EDGAR `<PAGE>`-style tags removed).
    /// - `.uuencoded`, `.binary`: nothing is appended (these bodies are never text).
    ///
    /// Input bytes may be any mix of UTF-8, Windows-1252/Latin-1 and garbage (see `TextRun`).
    /// Never fails, never hangs.
    ///
    /// - Complexity: O(n) in `body.count`, one pass; one output allocation (grown by doubling).
    public static func extract(_ body: UnsafeRawBufferPointer, format: DocumentFormat, into out: inout [UInt8]) {
        guard let base = body.baseAddress, body.count > 0 else { return }
        let p = base.assumingMemoryBound(to: UInt8.self) // raw bytes are read as UInt8 only
        switch format {
        case .html, .xml:
            var x = MarkupExtractor(p, count: body.count, xml: format == .xml)
            x.run()
            x.sink.append(to: &out)
        case .text:
            var x = PlainTextExtractor(p, count: body.count)
            x.run()
            x.sink.append(to: &out)
        case .uuencoded, .binary:
            return
        }
    }

    /// The extracted text of `body` as a String (tests and diagnostics; not for hot paths).
    public static func extractString(_ body: [UInt8], format: DocumentFormat) -> String {
        var out: [UInt8] = []
        body.withUnsafeBytes { extract($0, format: format, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
