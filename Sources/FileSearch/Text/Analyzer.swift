/// One token as the analyzer hands it out.
///
/// `term` points into the analyzer's scratch buffer and is valid only inside the callback.
public struct Token {
    /// Normalized term bytes (UTF-8, case- and diacritic-folded).
    public var term: UnsafeRawBufferPointer
    /// Token position. Block boundaries (`\n` in extracted text) skip one position,
    /// so a phrase never matches across two cells or paragraphs.
    public var position: UInt32
    /// Byte offsets of the token's source span in the analyzed text (for snippets).
    public var start: Int
    public var end: Int
    /// True for a sub-part of a compound token (`10b5` of `10b5-1`), stacked at the compound's position.
    public var isPart: Bool

    @inlinable public init(term: UnsafeRawBufferPointer, position: UInt32, start: Int, end: Int, isPart: Bool) {
        self.term = term
        self.position = position
        self.start = start
        self.end = end
        self.isPart = isPart
    }

    /// The term as a String (tests and diagnostics; not for hot paths).
    public var termString: String { String(decoding: term, as: UTF8.self) }
}

/// Turns extracted text into tokens with positions.
///
/// PLACEHOLDER CONTRACT (being replaced by the full tokenizer): the signature below is
/// the seam every consumer uses; only its body changes.
public struct Analyzer: Sendable {
    public enum Mode: Sendable {
        /// Indexing: compound tokens also emit their parts, stacked at the same position.
        case index
        /// Querying: only whole tokens, so a typed `10b5-1` matches exactly that.
        case query
    }

    public var mode: Mode

    public init(mode: Mode = .index) { self.mode = mode }

    /// Calls `body` for every token of `text` in order and returns the number of
    /// positions used (the document length in tokens, block gaps excluded).
    @inlinable
    @discardableResult
    public func forEachToken(in text: UnsafeRawBufferPointer, _ body: (borrowing Token) throws -> Void) rethrows -> UInt32 {
        var scratch = [UInt8](repeating: 0, count: 256)
        var position: UInt32 = 0
        var length: UInt32 = 0
        var pendingGap = false
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 10 { pendingGap = true; i += 1; continue }
            let isAlnum = (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122)
            if !isAlnum { i += 1; continue }
            let start = i
            var len = 0
            while i < n {
                let c = text[i]
                let alnum = (c >= 48 && c <= 57) || (c | 0x20 >= 97 && c | 0x20 <= 122)
                guard alnum else { break }
                if len < scratch.count { scratch[len] = c >= 65 && c <= 90 ? c | 0x20 : c; len += 1 }
                i += 1
            }
            if pendingGap && length > 0 { position &+= 1 } // gap: one empty position at a block boundary
            pendingGap = false
            try scratch.withUnsafeBytes { raw in
                let tok = Token(term: UnsafeRawBufferPointer(rebasing: raw[0..<len]), position: position, start: start, end: i, isPart: false)
                try body(tok)
            }
            position &+= 1 // positions fit UInt32: a document is < 4 GiB
            length += 1
        }
        return length
    }

    /// The terms of a string (tests, query parsing; not a hot path).
    public func terms(_ text: String) -> [String] {
        var out: [String] = []
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { raw in
            forEachToken(in: UnsafeRawBufferPointer(raw)) { t in if !t.isPart || mode == .index { out.append(t.termString) } }
        }
        return out
    }
}
