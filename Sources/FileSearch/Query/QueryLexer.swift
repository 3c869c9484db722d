/// One lexical unit of a query string, with its UTF-8 byte range in the query.
public struct QueryLexeme: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A run of ordinary characters (may contain `-`, `*`, `/`, `.`, `~` …).
        case word(String)
        /// `"…"` — `closed` is false when the query ended first. `slop` from a directly following `~N`.
        case quoted(String, closed: Bool)
        /// `~N` directly after a closing quote (nil N when the digits are missing or invalid).
        case slop(Int?)
        /// `name:value`; `value` is nil when nothing follows the colon; `quotedValue` when written `name:"…"`.
        case field(name: String, value: String?, quotedValue: Bool, valueStart: Int)
        case leftParen, rightParen, pipe
        /// `-` directly before a word, quote or parenthesis.
        case minus
        /// `=` directly before a word or quote (exact form, no stemming).
        case equals
    }

    public var kind: Kind
    /// Byte range in the query string.
    public var range: Range<Int>
}

/// Splits a query string into lexemes. Operators (`OR`, `AND`, `NOT`, `NEAR/N`) are words here;
/// the parser recognizes them.
///
/// - Complexity: O(n) in the query length.
public enum QueryLexer {
    /// Lexes `query`. Throws `QueryParseError` only for an unclosed quote inside a field value.
    public static func lex(_ query: String) throws -> [QueryLexeme] {
        let b = Array(query.utf8)
        var out: [QueryLexeme] = []
        var i = 0
        let n = b.count
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        func isDelimiter(_ c: UInt8) -> Bool { isSpace(c) || c == 40 || c == 41 || c == 34 || c == 124 }
        func string(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
        /// Reads a quoted string starting at the quote `i`; returns (content, closed, end).
        func readQuoted(_ start: Int) -> (String, Bool, Int) {
            var j = start + 1
            while j < n && b[j] != 34 { j += 1 }
            if j < n { return (string(start + 1 ..< j), true, j + 1) }
            return (string(start + 1 ..< n), false, n)
        }
        while i < n {
            let c = b[i]
            if isSpace(c) { i += 1; continue }
            switch c {
            case 40: out.append(.init(kind: .leftParen, range: i ..< i + 1)); i += 1
            case 41: out.append(.init(kind: .rightParen, range: i ..< i + 1)); i += 1
            case 124: out.append(.init(kind: .pipe, range: i ..< i + 1)); i += 1
            case 34:
                let (text, closed, end) = readQuoted(i)
                out.append(.init(kind: .quoted(text, closed: closed), range: i ..< end))
                i = end
                if closed && i < n && b[i] == 126 { // `~N`
                    var j = i + 1
                    while j < n && b[j] >= 48 && b[j] <= 57 { j += 1 }
                    let digits = string(i + 1 ..< j)
                    let ok = j < n ? isDelimiter(b[j]) : true
                    out.append(.init(kind: .slop(ok && !digits.isEmpty && digits.count <= 6 ? Int(digits) : nil), range: i ..< max(j, i + 1)))
                    i = max(j, i + 1)
                    if !ok { while i < n && !isDelimiter(b[i]) { i += 1 } } // swallow the rest; parser reports it
                }
            case _ where (c == 45 || c == 61) && i + 1 < n && !isSpace(b[i + 1]) && b[i + 1] != 41 && b[i + 1] != 124:
                // `-x` / `=x` at the start of a lexeme: an operator, not part of the word.
                out.append(.init(kind: c == 45 ? .minus : .equals, range: i ..< i + 1))
                i += 1
            default:
                let start = i
                while i < n && !isDelimiter(b[i]) && b[i] != 58 { i += 1 }
                // `name:` with an alphabetic name is a field; anything else with a colon stays a word.
                if i < n && b[i] == 58 && i > start && b[start ..< i].allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) {
                    let name = string(start ..< i).lowercased()
                    let valueStart = i + 1
                    if valueStart < n && b[valueStart] == 34 {
                        let (text, closed, end) = readQuoted(valueStart)
                        if !closed {
                            throw QueryParseError(column: column(of: valueStart, in: b), byteOffset: valueStart,
                                                  message: "unclosed quote in \(name): value", expected: "a closing \"")
                        }
                        out.append(.init(kind: .field(name: name, value: text, quotedValue: true, valueStart: valueStart), range: start ..< end))
                        i = end
                    } else {
                        var j = valueStart
                        while j < n && !isDelimiter(b[j]) { j += 1 }
                        let value = j > valueStart ? string(valueStart ..< j) : nil
                        out.append(.init(kind: .field(name: name, value: value, quotedValue: false, valueStart: valueStart), range: start ..< j))
                        i = j
                    }
                } else {
                    while i < n && !isDelimiter(b[i]) { i += 1 } // a colon inside a word (`10:30`, `http://x`)
                    out.append(.init(kind: .word(string(start ..< i)), range: start ..< i))
                }
            }
        }
        return out
    }

    /// The 1-based column (Unicode scalars) of byte `offset` in `bytes`.
    static func column(of offset: Int, in bytes: [UInt8]) -> Int {
        var col = 1
        var i = 0
        while i < min(offset, bytes.count) {
            if bytes[i] & 0xC0 != 0x80 { col += 1 } // count lead bytes only
            i += 1
        }
        // `col` counted the scalars before `offset`; continuation bytes did not add.
        return col
    }
}
