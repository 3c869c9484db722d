/// A malformed query: where (1-based column) and what was expected there.
///
/// `description` is the one-line message the CLI prints, e.g.
/// `query error at column 9: unclosed quote (expected a closing ")`.
public struct QueryParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based column (in Unicode scalars) of the offending spot in the query string.
    public var column: Int
    /// 0-based UTF-8 byte offset of the same spot.
    public var byteOffset: Int
    /// What is wrong.
    public var message: String
    /// What the parser expected there.
    public var expected: String

    public init(column: Int, byteOffset: Int, message: String, expected: String) {
        self.column = column
        self.byteOffset = byteOffset
        self.message = message
        self.expected = expected
    }

    public var description: String { "query error at column \(column): \(message) (expected \(expected))" }
}
