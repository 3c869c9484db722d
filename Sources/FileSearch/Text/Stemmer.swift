/// English stemmer (Porter2 / Snowball "english").
///
/// PLACEHOLDER CONTRACT (being replaced by the full Porter2 implementation): the signature is the seam.
public enum Stemmer {
    /// The stem of an already folded (lower-case) term. Terms that are not plain
    /// letters (numbers, identifiers) are returned unchanged.
    public static func stem(_ term: [UInt8]) -> [UInt8] {
        if term.count > 3, term.last == UInt8(ascii: "s") { return Array(term.dropLast()) }
        return term
    }
}
