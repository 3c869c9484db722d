/// Turns extracted text into tokens with positions.
///
/// Token rules (identical in both modes for whole tokens, so a query finds what was indexed):
/// - Words: runs of letters and digits, lower-cased with case and diacritic folding
///   (`Résumé` → `resume`, `ß` → `ss`, see `CaseFolding`). ASCII takes a fast path.
/// - Inner apostrophes (`'`, `’`, `ʼ`, normalized to `'`) between word characters stay in the word:
///   `Company’s` → `company's`. Leading/trailing apostrophes separate.
/// - Numbers: `,` joins digit groups only as a thousands separator (1–3 digits, then groups of
///   exactly 3), `.` joins digits: `12,269,032`, `$3.3825` → `3.3825`, `13.00%` → `13.00`.
///   `$`, `%` and all other punctuation separate.
/// - Compounds: word runs joined by single inner `-` (also U+2010/U+2011) or `.` stay whole:
///   `10b5-1`, `13e-3`, `09175M408` → `09175m408`, `EX-10.1` → `ex-10.1`, `10-K` → `10-k`,
///   `well-known`, `u.s`. In `.index` mode their parts are also emitted, stacked at the same
///   position with `isPart = true`: split at hyphens; a hyphen-separated piece that is not a
///   number is further split at periods (`ex-10.1` → `ex`, `10.1`; `apple.com` → `apple`, `com`);
///   duplicate parts are emitted once. Pure numbers have no parts. `.query` mode emits whole tokens only.
///   Decision: hyphenated plain words behave like identifiers (whole + parts), so `well-known`,
///   `well known` (phrase) and `known` all find it. Acronyms with periods stay whole (`U.S.` → `u.s`,
///   parts `u`, `s`), so `US` (→ `us`) does not find `U.S.`; type `U.S.`.
/// - Length cap: a term is at most `maxTermBytes` (64) folded bytes. A compound longer than that is
///   not kept whole: its pieces become ordinary consecutive tokens; a single word run longer than
///   the cap (hashes, base64, rules of underscores…) is dropped and takes no position.
/// - Positions: consecutive from 0; a block boundary (`\n`) before a token skips one position, so a
///   phrase never matches across it. Bytes that are not valid UTF-8 separate words.
public struct Analyzer: Sendable {
    public enum Mode: Sendable {
        /// Indexing: compound tokens also emit their parts, stacked at the same position.
        case index
        /// Querying: only whole tokens, so a typed `10b5-1` matches exactly that.
        case query
    }

    public var mode: Mode

    /// Longest term in bytes; longer runs are split or dropped (see the type documentation).
    public static let maxTermBytes = 64

    public init(mode: Mode = .index) { self.mode = mode }

    /// Calls `body` for every token of `text` in order and returns the document length: the number
    /// of primary (non-part) tokens (block gaps excluded).
    ///
    /// `body` gets a `Token` whose `term` points into a scratch buffer valid only during the call.
    /// - Complexity: O(n) in `text.count`; two small allocations per call, none per token.
    @inlinable
    @discardableResult
    public func forEachToken(in text: UnsafeRawBufferPointer, _ body: (borrowing Token) throws -> Void) rethrows -> UInt32 {
        guard let base = text.baseAddress, text.count > 0 else { return 0 }
        var scanner = TokenScanner(base.assumingMemoryBound(to: UInt8.self), count: text.count, emitParts: mode == .index) // text is read as bytes only
        defer { scanner.deallocate() }
        try scanner.run(body)
        return scanner.length
    }

    /// The terms of a string in order (parts included in `.index` mode; tests, query parsing; not a hot path).
    public func terms(_ text: String) -> [String] {
        var out: [String] = []
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { raw in
            forEachToken(in: UnsafeRawBufferPointer(raw)) { t in out.append(t.termString) }
        }
        return out
    }
}
