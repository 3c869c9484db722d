import CSQLite
import FileSearch

/// The `filesearch` FTS5 tokenizer: runs our `Analyzer` inside SQLite so both backends index
/// exactly the same terms at exactly the same positions.
///
/// Token stream reported to FTS5:
/// - document / aux tokenization (`FTS5_TOKENIZE_DOCUMENT`, `FTS5_TOKENIZE_AUX`): `Analyzer(mode: .index)`;
///   primary tokens as ordinary tokens, stacked compound parts (`isPart`) with `FTS5_TOKEN_COLOCATED`,
///   and one `sentinel` token for every position the analyzer skips (block boundaries), so the
///   FTS5 position of every token equals `Token.position`. The sentinel is never produced by a query.
/// - query tokenization (`FTS5_TOKENIZE_QUERY`): `Analyzer(mode: .query)`. The translator writes a
///   term group (a stem group: several exact terms for one query position) as one quoted string with
///   the alternatives separated by `alternativeSeparator` (0x1F); the first alternative's tokens are
///   ordinary, every later alternative's tokens are reported `FTS5_TOKEN_COLOCATED`, which FTS5 treats
///   as synonyms at that position (its documented query-time synonym mechanism).
public enum FTS5Tokenizer {
    /// Name used in `tokenize = 'filesearch'`.
    public static let name = "filesearch"
    /// The gap token: byte 0x01, which the analyzer never emits.
    public static let sentinel: UInt8 = 1
    /// Separates alternatives of a term group inside one quoted FTS5 string.
    public static let alternativeSeparator: UInt8 = 0x1F

    /// Registers the tokenizer on `db`. Must run once per connection before the FTS5 tables are used.
    /// - Throws: `SQLiteError` when FTS5 is missing.
    static func register(on db: SQLiteConnection) throws {
        let api = try fts5API(db)
        var tokenizer = fts5_tokenizer(xCreate: tokenizerCreate, xDelete: tokenizerDelete, xTokenize: tokenizerTokenize)
        // FTS5 copies the struct, so a stack value is enough.
        guard let create = api.pointee.xCreateTokenizer else { throw SQLiteError(code: SQLITE_ERROR, message: "fts5_api has no xCreateTokenizer") }
        let rc = create(api, name, nil, &tokenizer, nil)
        if rc != SQLITE_OK { throw SQLiteError(code: rc, message: "registering the FTS5 tokenizer failed") }
    }

    /// The connection's `fts5_api` pointer, via `SELECT fts5(?1)` with `sqlite3_bind_pointer`.
    private static func fts5API(_ db: SQLiteConnection) throws -> UnsafeMutablePointer<fts5_api> {
        let stmt = try db.prepare("SELECT fts5(?1)")
        var api: UnsafeMutablePointer<fts5_api>?
        try withUnsafeMutablePointer(to: &api) { slot in
            // The type tag must outlive the step; `fts5TypeTag` is a static C string.
            let rc = sqlite3_bind_pointer(stmt.stmt, 1, slot, fts5TypeTag, nil)
            if rc != SQLITE_OK { throw SQLiteError(code: rc, message: db.errorMessage) }
            _ = try stmt.step()
        }
        guard let api, api.pointee.iVersion >= 2 else {
            throw SQLiteError(code: SQLITE_ERROR, message: "this SQLite has no FTS5 (fts5_api unavailable)")
        }
        return api
    }
}

/// "fts5_api_ptr" as a C string that lives for the whole process (sqlite3_bind_pointer keeps the pointer).
/// nonisolated(unsafe): written once at initialization, never mutated afterwards.
nonisolated(unsafe) private let fts5TypeTag: UnsafeMutablePointer<CChar> = {
    let s = Array("fts5_api_ptr".utf8CString)
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: s.count)
    p.initialize(from: s, count: s.count)
    return p
}()

/// A stateless tokenizer instance: FTS5 only needs a non-null handle.
/// nonisolated(unsafe): the byte is never read or written, only its address is used.
nonisolated(unsafe) private let tokenizerInstance = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

private let tokenizerCreate: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Int32 = { _, _, _, out in
    out?.pointee = OpaquePointer(tokenizerInstance)
    return SQLITE_OK
}

private let tokenizerDelete: @convention(c) (OpaquePointer?) -> Void = { _ in }

/// Signals that FTS5's token callback returned an error code; aborts the analyzer loop.
private struct TokenCallbackFailed: Error { var rc: Int32 }

private typealias XToken = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32

private let tokenizerTokenize: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, XToken?) -> Int32 = { _, ctx, flags, text, count, xToken in
    guard let xToken else { return SQLITE_ERROR }
    guard let text, count > 0 else { return SQLITE_OK }
    let input = UnsafeRawBufferPointer(start: text, count: Int(count)) // SQLite keeps the text alive during this call
    do {
        if flags & FTS5_TOKENIZE_QUERY != 0 {
            try tokenizeQuery(input, ctx: ctx, xToken: xToken)
        } else {
            try tokenizeDocument(input, ctx: ctx, xToken: xToken)
        }
        return SQLITE_OK
    } catch let e as TokenCallbackFailed {
        return e.rc
    } catch {
        return SQLITE_ERROR
    }
}

/// Index-mode analysis with gap sentinels and colocated parts.
/// - Complexity: O(n) in the text length.
private func tokenizeDocument(_ input: UnsafeRawBufferPointer, ctx: UnsafeMutableRawPointer?, xToken: XToken) throws {
    var next: UInt32 = 0 // the position FTS5 assigns to the next non-colocated token
    var sentinel = FTS5Tokenizer.sentinel
    try Analyzer(mode: .index).forEachToken(in: input) { tok in
        let start = Int32(truncatingIfNeeded: tok.start) // FTS5 offsets are int; documents are < 2 GiB
        let end = Int32(truncatingIfNeeded: tok.end)
        if tok.isPart && next > 0 {
            try emit(tok.term, colocated: true, start: start, end: end, ctx: ctx, xToken: xToken)
            return
        }
        while next < tok.position {
            try withUnsafeBytes(of: &sentinel) { s in // one byte, valid inside the closure (FTS5 copies tokens)
                try emit(s, colocated: false, start: start, end: start, ctx: ctx, xToken: xToken)
            }
            next += 1
        }
        try emit(tok.term, colocated: false, start: start, end: end, ctx: ctx, xToken: xToken)
        next = tok.position + 1
    }
}

/// Query-mode analysis; alternatives after a 0x1F separator become colocated synonyms.
private func tokenizeQuery(_ input: UnsafeRawBufferPointer, ctx: UnsafeMutableRawPointer?, xToken: XToken) throws {
    var altStart = 0
    var first = true
    var emittedAny = false
    let analyzer = Analyzer(mode: .query)
    for i in 0...input.count where i == input.count || input[i] == FTS5Tokenizer.alternativeSeparator {
        let part = UnsafeRawBufferPointer(rebasing: input[altStart..<i]) // a slice of the caller's buffer, same lifetime
        let base = Int32(truncatingIfNeeded: altStart) // query strings are short
        try analyzer.forEachToken(in: part) { tok in
            let colocated = !first && emittedAny
            try emit(tok.term, colocated: colocated, start: base + Int32(truncatingIfNeeded: tok.start),
                     end: base + Int32(truncatingIfNeeded: tok.end), ctx: ctx, xToken: xToken)
            emittedAny = true
        }
        if emittedAny { first = false }
        altStart = i + 1
    }
}

@inline(__always)
private func emit(_ term: UnsafeRawBufferPointer, colocated: Bool, start: Int32, end: Int32,
                  ctx: UnsafeMutableRawPointer?, xToken: XToken) throws {
    guard term.count > 0 else { return }
    // assumingMemoryBound: UTF-8 bytes viewed as C chars (same size); FTS5 copies the token before returning.
    let rc = xToken(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, term.baseAddress?.assumingMemoryBound(to: CChar.self),
                    Int32(truncatingIfNeeded: term.count), start, end) // a term is far below 2 GiB
    if rc != SQLITE_OK { throw TokenCallbackFailed(rc: rc) }
}
