/// One token as the analyzer hands it out.
///
/// `term` points into the analyzer's scratch buffer and is valid only inside the callback. At least
/// 8 bytes are readable at `term.baseAddress` even for a shorter term (the buffer has that much slack
/// past its longest term), so a consumer may load one whole word at the start of a short term.
public struct Token {
    /// Normalized term bytes (UTF-8, case- and diacritic-folded).
    public var term: UnsafeRawBufferPointer
    /// Token position. Block boundaries (`\n` in extracted text) skip one position,
    /// so a phrase never matches across two cells or paragraphs.
    public var position: UInt32
    /// Byte offsets of the token's source span in the analyzed text (for snippets).
    public var start: Int
    public var end: Int
    /// True for an extra token stacked on the previous token's position: the whole compound (`10b5-1`)
    /// emitted in index mode on top of its first part (`10b5`). Not counted in the document length.
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
