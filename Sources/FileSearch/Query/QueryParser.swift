/// Parses the query language into a `QueryNode`.
///
/// Grammar (operators are upper-case; lower-case `or`/`and`/`not` are ordinary words):
/// ```
/// query    := andExpr EOF
/// andExpr  := orExpr ( ["AND"] orExpr )*            bare words are ANDed
/// orExpr   := unary ( ("OR" | "|") unary )*         OR binds tighter than AND: `a b OR c` = a AND (b OR c)
/// unary    := ("NOT" | "-") unary | nearExpr
/// nearExpr := primary ( "NEAR/N" primary )*         `a NEAR/3 b` = `"a b"~3`
/// primary  := "(" andExpr ")" | ["="] '"' words '"' ["~N"] | ["="] word ["*"] | field ":" value
/// ```
/// Words are analyzed with `Analyzer(mode: .query)`; a word that analyzes into several tokens
/// becomes a phrase. `NOT x` outside a conjunction becomes `(* AND -x)`, so `.not` only ever
/// appears inside an `.and` that has a positive child. Nothing is passed through unparsed:
/// every malformed construct throws `QueryParseError`.
///
/// - Complexity: O(n) in the query length (plus analysis).
public struct QueryParser: Sendable {
    /// Match exact forms only (as if every word were written `=word`).
    public var exact: Bool
    /// Largest accepted `~N` / `NEAR/N`.
    public static let maxSlop = 100
    /// Deepest accepted nesting of parentheses and negations (bounds recursion on hostile input).
    public static let maxDepth = 64

    public init(exact: Bool = false) { self.exact = exact }

    /// Parses `query`. An empty query is `.all`.
    /// - Throws: `QueryParseError` with the column and what was expected.
    public func parse(_ query: String) throws -> QueryNode {
        var state = State(bytes: Array(query.utf8), lexemes: try QueryLexer.lex(query), exact: exact)
        if state.lexemes.isEmpty { return .all }
        let node = try state.parseAnd()
        if state.pos < state.lexemes.count {
            let lx = state.lexemes[state.pos]
            if lx.kind == .rightParen { throw state.error(at: lx.range.lowerBound, "unmatched ')'", expected: "a term or the end of the query") }
            throw state.error(at: lx.range.lowerBound, "unexpected input", expected: "a term or the end of the query")
        }
        return Self.normalize(node)
    }

    /// Wraps negations that are not inside a conjunction with a positive child as `(* AND -x)`.
    static func normalize(_ node: QueryNode) -> QueryNode {
        switch node {
        case let .and(cs):
            let kids = cs.map { c -> QueryNode in if case let .not(x) = c { return .not(normalize(x)) } else { return normalize(c) } }
            if kids.allSatisfy({ if case .not = $0 { return true } else { return false } }) { return .and([.all] + kids) }
            return .and(kids)
        case let .or(cs): return .or(cs.map(normalize))
        case let .not(x): return .and([.all, .not(normalize(x))])
        default: return node
        }
    }

    struct State {
        var bytes: [UInt8]
        var lexemes: [QueryLexeme]
        var exact: Bool
        var pos = 0
        var depth = 0
        let analyzer = Analyzer(mode: .query)

        mutating func enter(_ at: Int) throws {
            depth += 1
            if depth > QueryParser.maxDepth {
                throw error(at: at, "the query is nested too deeply", expected: "at most \(QueryParser.maxDepth) levels of parentheses and negations")
            }
        }

        func error(at offset: Int, _ message: String, expected: String) -> QueryParseError {
            QueryParseError(column: QueryLexer.column(of: offset, in: bytes), byteOffset: offset, message: message, expected: expected)
        }
        var endOffset: Int { bytes.count }
        var peek: QueryLexeme? { pos < lexemes.count ? lexemes[pos] : nil }

        func isKeyword(_ lx: QueryLexeme?, _ k: String) -> Bool {
            if case let .word(w)? = lx?.kind { return w == k }
            return false
        }
        func nearSlop(_ lx: QueryLexeme?) -> Int?? {
            guard case let .word(w)? = lx?.kind, w.hasPrefix("NEAR") else { return nil }
            if w == "NEAR" { return .some(10) }
            guard w.hasPrefix("NEAR/") else { return nil }
            return .some(Int(w.dropFirst(5)))
        }
        /// True when the next lexeme can start an operand.
        var atOperand: Bool {
            guard let lx = peek else { return false }
            switch lx.kind {
            case .rightParen, .pipe, .slop: return false
            case .word: return !isKeyword(lx, "OR") && !isKeyword(lx, "AND") && nearSlop(lx) == nil
            default: return true
            }
        }

        mutating func parseAnd() throws -> QueryNode {
            var kids = [try parseOr()]
            while let lx = peek {
                if isKeyword(lx, "AND") {
                    pos += 1
                    guard atOperand else { throw error(at: peek?.range.lowerBound ?? endOffset, "AND needs a right-hand side", expected: "a term after AND") }
                    kids.append(try parseOr())
                } else if atOperand {
                    kids.append(try parseOr())
                } else { break }
            }
            let flat = kids.flatMap { k -> [QueryNode] in if case let .and(cs) = k { return cs } else { return [k] } }
            return flat.count == 1 ? flat[0] : .and(flat)
        }

        mutating func parseOr() throws -> QueryNode {
            var kids = [try parseUnary()]
            while let lx = peek, isKeyword(lx, "OR") || lx.kind == .pipe {
                pos += 1
                guard atOperand || isKeyword(peek, "NOT") else {
                    throw error(at: peek?.range.lowerBound ?? endOffset, "OR needs a right-hand side", expected: "a term after OR")
                }
                kids.append(try parseUnary())
            }
            let flat = kids.flatMap { k -> [QueryNode] in if case let .or(cs) = k { return cs } else { return [k] } }
            return flat.count == 1 ? flat[0] : .or(flat)
        }

        mutating func parseUnary() throws -> QueryNode {
            if let lx = peek, lx.kind == .minus || isKeyword(lx, "NOT") {
                try enter(lx.range.lowerBound)
                defer { depth -= 1 }
                pos += 1
                guard atOperand || isKeyword(peek, "NOT") else {
                    throw error(at: peek?.range.lowerBound ?? endOffset, "nothing to exclude", expected: "a term after \(lx.kind == .minus ? "-" : "NOT")")
                }
                let x = try parseUnary()
                if case let .not(inner) = x { return inner } // NOT NOT x = x
                return .not(x)
            }
            return try parseNear()
        }

        mutating func parseNear() throws -> QueryNode {
            let first = try parsePrimary()
            guard let s = nearSlop(peek) else { return first }
            var terms = try nearTerms(first, at: lexemes[pos].range.lowerBound)
            var slop = 0
            while let s2 = nearSlop(peek) {
                let lx = lexemes[pos]
                guard let n = s2, (0...QueryParser.maxSlop).contains(n) else {
                    throw error(at: lx.range.lowerBound, "invalid NEAR distance", expected: "NEAR/N with N from 0 to \(QueryParser.maxSlop)")
                }
                slop = max(slop, n)
                pos += 1
                guard atOperand else { throw error(at: peek?.range.lowerBound ?? endOffset, "NEAR needs a right-hand side", expected: "a word after NEAR") }
                let start = peek!.range.lowerBound // atOperand guarantees a lexeme
                terms += try nearTerms(try parsePrimary(), at: start)
            }
            _ = s
            return .phrase(terms, slop: slop, exact: exact)
        }

        func nearTerms(_ node: QueryNode, at offset: Int) throws -> [String] {
            switch node {
            case let .term(t, false, _): return [t]
            case let .phrase(ts, 0, _): return ts
            default: throw error(at: offset, "NEAR operands must be words or phrases", expected: "a word or \"phrase\" next to NEAR")
            }
        }

        mutating func parsePrimary() throws -> QueryNode {
            guard let lx = peek else { throw error(at: endOffset, "the query ended early", expected: "a term") }
            switch lx.kind {
            case .leftParen:
                try enter(lx.range.lowerBound)
                defer { depth -= 1 }
                pos += 1
                guard atOperand || isKeyword(peek, "NOT") else {
                    throw error(at: peek?.range.lowerBound ?? endOffset, "empty parentheses", expected: "a term after '('")
                }
                let inner = try parseAnd()
                guard let close = peek, close.kind == .rightParen else {
                    throw error(at: peek?.range.lowerBound ?? endOffset, "unclosed parenthesis opened at column \(QueryLexer.column(of: lx.range.lowerBound, in: bytes))", expected: "')'")
                }
                pos += 1
                return inner
            case .equals:
                pos += 1
                guard let next = peek, next.range.lowerBound == lx.range.upperBound else {
                    throw error(at: lx.range.upperBound, "'=' must be followed by a word", expected: "=word or =\"phrase\"")
                }
                switch next.kind {
                case .word, .quoted: return try parseTextual(forceExact: true)
                default: throw error(at: next.range.lowerBound, "'=' must be followed by a word", expected: "=word or =\"phrase\"")
                }
            case .word, .quoted: return try parseTextual(forceExact: false)
            case let .field(name, value, _, valueStart):
                pos += 1
                guard let value else {
                    throw error(at: valueStart, "missing value for \(name):", expected: FieldFilterSyntax.knownFields.contains(name) ? "a value after '\(name):'" : "a known field (\(FieldFilterSyntax.knownFields.joined(separator: ", ")))")
                }
                do { return .filter(try FieldFilterSyntax.filter(name: name, value: value)) } catch let r as FieldFilterSyntax.Rejection {
                    throw error(at: FieldFilterSyntax.knownFields.contains(name) ? valueStart : lx.range.lowerBound, r.message, expected: r.expected)
                }
            case .slop:
                throw error(at: lx.range.lowerBound, "'~' must follow a closing quote", expected: "\"phrase\"~N")
            case .rightParen:
                throw error(at: lx.range.lowerBound, "unmatched ')'", expected: "a term")
            case .pipe:
                throw error(at: lx.range.lowerBound, "OR needs a left-hand side", expected: "a term before OR")
            case .minus:
                throw error(at: lx.range.lowerBound, "unexpected '-'", expected: "a term")
            }
        }

        /// A word or quoted phrase at `pos`.
        mutating func parseTextual(forceExact: Bool) throws -> QueryNode {
            let lx = lexemes[pos]
            pos += 1
            let ex = exact || forceExact
            switch lx.kind {
            case let .word(w):
                if w == "OR" || w == "AND" { throw error(at: lx.range.lowerBound, "\(w) needs a left-hand side", expected: "a term before \(w)") }
                if nearSlop(lx) != nil { throw error(at: lx.range.lowerBound, "NEAR needs a left-hand side", expected: "a word before NEAR") }
                if w == "-" { throw error(at: lx.range.lowerBound, "unexpected '-'", expected: "a term right after '-' (no space)") }
                if w == "=" { throw error(at: lx.range.lowerBound, "'=' must be followed by a word", expected: "=word or =\"phrase\" (no space)") }
                if w.hasPrefix("~") { throw error(at: lx.range.lowerBound, "'~' must follow a closing quote", expected: "\"phrase\"~N") }
                var word = w
                var prefix = false
                if word.hasSuffix("*") {
                    prefix = true
                    word.removeLast()
                    if word.contains("*") { throw error(at: lx.range.lowerBound, "'*' is only allowed at the end of a word", expected: "a prefix such as warrant*") }
                } else if word.contains("*") {
                    throw error(at: lx.range.lowerBound, "'*' is only allowed at the end of a word", expected: "a prefix such as warrant*")
                }
                let terms = analyzer.terms(word)
                if terms.isEmpty { throw error(at: lx.range.lowerBound, "'\(w)' has no searchable characters", expected: "a word, phrase or field:value") }
                if prefix {
                    guard terms.count == 1 else { throw error(at: lx.range.lowerBound, "a prefix must be a single word", expected: "a prefix such as warrant*") }
                    guard terms[0].utf8.count >= 2 else { throw error(at: lx.range.lowerBound, "prefix '\(w)' is too short", expected: "at least 2 characters before '*'") }
                    return .term(terms[0], prefix: true, exact: false)
                }
                return terms.count == 1 ? .term(terms[0], prefix: false, exact: ex) : .phrase(terms, slop: 0, exact: ex)
            case let .quoted(text, closed):
                guard closed else { throw error(at: lx.range.lowerBound, "unclosed quote", expected: "a closing \"") }
                var slop = 0
                if let s = peek, case let .slop(n) = s.kind {
                    pos += 1
                    guard let n, (0...QueryParser.maxSlop).contains(n) else {
                        throw error(at: s.range.lowerBound, "invalid proximity", expected: "~N with N from 0 to \(QueryParser.maxSlop) right after the closing quote")
                    }
                    slop = n
                }
                let terms = analyzer.terms(text)
                if terms.isEmpty { throw error(at: lx.range.lowerBound, "empty phrase", expected: "words inside the quotes") }
                if terms.count == 1 { return .term(terms[0], prefix: false, exact: ex) }
                return .phrase(terms, slop: slop, exact: ex)
            default:
                throw error(at: lx.range.lowerBound, "unexpected input", expected: "a word")
            }
        }
    }
}
