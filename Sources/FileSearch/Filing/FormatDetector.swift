/// Decides what a document body holds: html, xml, text, uuencoded or binary.
///
/// Looks only at the first few KiB of the body (after `<XBRL>`/`<XML>`/`<PDF>` wrappers), the
/// document type and the file name, so it costs O(1) per document regardless of body size.
public enum FormatDetector {
    /// Document types whose bodies are never text.
    static let binaryTypes: Set<String> = ["GRAPHIC", "ZIP", "EXCEL", "PDF", "XLSX", "JPG", "GIF", "PNG"]
    static let wrappers: [[UInt8]] = ["<XBRL>", "<XML>", "<PDF>", "<JSON>"].map(\.bytes)

    /// The format of `buf[body]`, given the document's `type` and `filename` (either may be nil).
    /// - Complexity: O(1) (reads at most ~8 KiB).
    public static func detect(_ buf: UnsafeRawBufferPointer, body: Range<Int>, type: String?, filename: String?) -> DocumentFormat {
        var i = ByteScan.skipSpace(in: buf, from: body.lowerBound, to: body.upperBound)
        var wrappedXML = false
        var progressed = true
        while progressed {
            progressed = false
            for w in wrappers where ByteScan.matchesCaseless(w, in: buf, at: i) && i + w.count <= body.upperBound {
                if w.count <= 6 { wrappedXML = true } // <XBRL>, <XML>: an XML payload follows
                i = ByteScan.skipSpace(in: buf, from: i + w.count, to: body.upperBound)
                progressed = true
            }
        }
        let end = body.upperBound
        if isUuencodeBegin(buf, at: i, end: end) { return .uuencoded }
        if hasBinaryMagic(buf, at: i, end: end) { return .binary }
        if let t = type?.uppercased(), binaryTypes.contains(t) { return .binary }
        let sniffEnd = min(end, i + 8192)
        // Text has almost no C0 controls; random or compressed bytes have ~10% (26 of 256 values).
        if controlByteShare(buf, from: i, to: min(end, i + 1024)) > 0.03 { return .binary }
        if containsTag("<HTML".bytes, buf, from: i, to: min(end, i + 4096)) { return .html }
        let ext = filename.map(Self.fileExtension) ?? ""
        switch ext {
        case "htm", "html", "xhtml": return .html
        case "xml", "xsd": return .xml
        case "txt", "js", "css", "json", "csv": return .text
        case "pdf", "zip", "xlsx", "xls", "jpg", "jpeg", "gif", "png": return .binary
        default: break
        }
        if wrappedXML || ByteScan.matches("<?xml".bytes, in: buf, at: i) { return .xml }
        for tag in ["<BODY", "<TABLE", "<P", "<DIV", "<BR", "<FONT", "<TD"] {
            if containsTag(tag.bytes, buf, from: i, to: sniffEnd) { return .html }
        }
        return .text
    }

    /// Lower-cased extension of a file name (`x.HTM` → `htm`), empty when none.
    public static func fileExtension(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
        return base[base.index(after: dot)...].lowercased()
    }

    /// `begin NNN name` (uuencode header) at `at`.
    static func isUuencodeBegin(_ buf: UnsafeRawBufferPointer, at: Int, end: Int) -> Bool {
        guard ByteScan.matches("begin ".bytes, in: buf, at: at), at + 10 <= end else { return false }
        for k in 6..<9 { let b = buf[at + k]; guard b >= 48 && b <= 55 else { return false } }
        return buf[at + 9] == 32
    }

    static func hasBinaryMagic(_ buf: UnsafeRawBufferPointer, at: Int, end: Int) -> Bool {
        let magics: [[UInt8]] = [Array("%PDF".utf8), [0x50, 0x4B, 0x03, 0x04], Array("GIF8".utf8),
                                 [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47], [0xD0, 0xCF, 0x11, 0xE0]]
        for m in magics where at + m.count <= end && ByteScan.matches(m, in: buf, at: at) { return true }
        return false
    }

    /// Share of bytes in `from..<to` that are control characters other than tab/CR/LF/FF/ESC.
    static func controlByteShare(_ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Double {
        guard to > from else { return 0 }
        var c = 0
        for i in from..<to {
            let b = buf[i]
            if b < 32 && b != 9 && b != 10 && b != 13 && b != 12 && b != 27 { c += 1 }
        }
        return Double(c) / Double(to - from)
    }

    /// Whether the start tag `needle` (`<NAME`, upper-case) occurs in `from..<to`, ignoring ASCII case and
    /// requiring white space, `>` or `/` after the name (so `<HtmlFileName>` is not `<html`).
    /// - Complexity: O((to - from) · needle.count); callers bound the window.
    static func containsTag(_ needle: [UInt8], _ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var i = from
        while i + needle.count < to {
            if buf[i] == 60 && ByteScan.matchesCaseless(needle, in: buf, at: i) { // 60 = "<"
                let b = buf[i + needle.count]
                if ByteScan.isSpace(b) || b == 62 || b == 47 { return true }      // ">" or "/"
            }
            i += 1
        }
        return false
    }

    /// Whether `needle` (upper-case ASCII) occurs in `from..<to`, ignoring ASCII case.
    /// - Complexity: O((to - from) · needle.count); callers bound the window.
    static func containsCaseless(_ needle: [UInt8], _ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var i = from
        while i + needle.count <= to {
            if buf[i] == 60 && ByteScan.matchesCaseless(needle, in: buf, at: i) { return true } // 60 = "<"
            i += 1
        }
        return false
    }
}
