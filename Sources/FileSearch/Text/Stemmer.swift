/// English stemmer (Porter2 / Snowball "english").
///
/// Follows Snowball's `english.sbl` as shipped with Snowball 3.1.1 (the PyPI `snowballstemmer`
/// 3.1.1 oracle the tests compare against), which extends the classic Porter2 description with
/// more special prefixes (`inter`, `later`, `organ`, `past`, `univers`, `emerg` besides `gener`,
/// `commun`, `arsen`), `-ogist`, and the `-ing` special cases (`dying` → `die`, `inning` kept).
/// Implementation: `Porter2` (steps) over a byte buffer.
public enum Stemmer {
    /// The stem of an already folded (lower-case) term. Terms that are not plain
    /// letters (numbers, identifiers) are returned unchanged.
    ///
    /// "Plain" = only ASCII `a`–`z` and `'`. Terms with digits, hyphens, periods or non-ASCII
    /// letters are returned unchanged.
    /// - Complexity: O(term.count).
    public static func stem(_ term: [UInt8]) -> [UInt8] {
        for b in term where !((b >= 97 && b <= 122) || b == 39) { return term } // 'a'...'z', '\''
        var s = Porter2(term)
        return s.stem()
    }

    /// `stem` for Strings (tests, diagnostics).
    public static func stem(_ term: String) -> String {
        String(decoding: stem(Array(term.utf8)), as: UTF8.self)
    }
}
