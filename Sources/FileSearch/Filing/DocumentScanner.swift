/// Finds the `<DOCUMENT>` blocks of an SGML submission and reads their tag lines.
///
/// Each block yields a `FilingDocument`: `<TYPE>`, `<SEQUENCE>`, `<FILENAME>`, `<DESCRIPTION>`,
/// the body (inside `<TEXT>…</TEXT>` when present) and its detected format. A block without
/// `</DOCUMENT>` ends where the next `<DOCUMENT>` starts (or at end of file) and is reported.
enum DocumentScanner {
    static let open = "<DOCUMENT>".bytes
    static let close = "</DOCUMENT>".bytes
    static let textOpen = "<TEXT>".bytes
    static let textClose = "</TEXT>".bytes
    static let metaTags: [(tag: [UInt8], name: String)] =
        [("<TYPE>", "TYPE"), ("<SEQUENCE>", "SEQUENCE"), ("<FILENAME>", "FILENAME"), ("<DESCRIPTION>", "DESCRIPTION")]
            .map { ($0.0.bytes, $0.1) }

    /// Every `<DOCUMENT>` block in `from..<buf.count`.
    ///
    /// - Complexity: O(n): the open and close searches each move forward over the buffer once.
    static func scan(_ buf: UnsafeRawBufferPointer, from: Int, warnings: inout [String]) -> [FilingDocument] {
        let n = buf.count
        var docs: [FilingDocument] = []
        var cachedClose: Int? = nil
        var closeExhausted = false
        var nextOpen = ByteScan.find(open, in: buf, from: from, to: n)
        while let o = nextOpen {
            let contentStart = o + open.count
            nextOpen = ByteScan.find(open, in: buf, from: contentStart, to: n)
            if !closeExhausted, cachedClose.map({ $0 < contentStart }) ?? true {
                cachedClose = ByteScan.find(close, in: buf, from: contentStart, to: n)
                if cachedClose == nil { closeExhausted = true }
            }
            var end: Int
            var truncated = false
            if let c = cachedClose, c >= contentStart, nextOpen.map({ c < $0 }) ?? true {
                end = c
            } else {
                end = nextOpen ?? n
                truncated = true
            }
            let doc = block(buf, contentStart..<end, warnings: &warnings, index: docs.count + 1)
            if truncated {
                warnings.append("document \(docs.count + 1) (\(doc.type ?? "no type")): no </DOCUMENT>; body taken up to \(nextOpen == nil ? "end of file" : "the next <DOCUMENT>")")
            }
            docs.append(doc)
        }
        return docs
    }

    /// Reads one block's tag lines and body from `range` (just after `<DOCUMENT>` up to its end).
    /// Also used for standalone files that begin with `<TYPE>` lines but no `<DOCUMENT>`.
    /// - Complexity: O(tag lines) + O(1) for the body bounds.
    static func block(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>, warnings: inout [String], index: Int) -> FilingDocument {
        var fields: [String: String] = [:]
        var i = range.lowerBound
        let end = range.upperBound
        var bodyStart: Int? = nil
        var sawText = false
        var lines = 0
        while i < end, lines < 64 {
            i = ByteScan.skipSpace(in: buf, from: i, to: end)
            guard i < end else { break }
            if ByteScan.matches(textOpen, in: buf, at: i) {
                sawText = true
                var s = i + textOpen.count
                // The body starts on the next line; a few bytes of spaces before it are ignored.
                let le = ByteScan.lineEnd(in: buf, from: s, to: end)
                if ByteScan.trimmedString(buf, s..<le) == nil { s = ByteScan.skipNewline(in: buf, at: le, to: end) }
                bodyStart = s
                break
            }
            var matched = false
            for (tag, name) in metaTags where ByteScan.matches(tag, in: buf, at: i) {
                let vs = i + tag.count
                let le = ByteScan.lineEnd(in: buf, from: vs, to: end)
                if fields[name] == nil, let v = ByteScan.trimmedString(buf, vs..<min(le, vs + 1024)) { fields[name] = v } // values are short; cap junk
                i = le
                matched = true
                break
            }
            if !matched { bodyStart = i; break } // no <TEXT>: the body starts at the first other line
            lines += 1
        }
        let start = min(bodyStart ?? i, end)
        var bodyEnd = end
        if sawText {
            // </TEXT> sits just before </DOCUMENT>; look in a small window only.
            if let t = ByteScan.findLast(textClose, in: buf, from: max(start, end - 512), to: end) { bodyEnd = t }
        }
        let seq = fields["SEQUENCE"].flatMap { Int($0) }
        if fields["SEQUENCE"] != nil && seq == nil { warnings.append("document \(index): SEQUENCE '\(fields["SEQUENCE"]!)' is not a number") } // `!`: checked non-nil
        let format = FormatDetector.detect(buf, body: start..<bodyEnd, type: fields["TYPE"], filename: fields["FILENAME"])
        return FilingDocument(type: fields["TYPE"], sequence: seq, filename: fields["FILENAME"],
                              description: fields["DESCRIPTION"], body: start..<bodyEnd, format: format)
    }
}
