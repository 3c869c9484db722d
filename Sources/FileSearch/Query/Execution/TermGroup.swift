/// How a query word selects indexed terms.
enum TermGroupKind: Hashable {
    /// Every indexed term with the same Porter2 stem.
    case stem
    /// Every indexed term starting with the bytes.
    case prefix
    /// The term itself only.
    case exact
}

/// A query word as a term group: its bytes and how it expands.
struct TermGroupKey: Hashable {
    var term: [UInt8]
    var kind: TermGroupKind

    init(_ term: String, prefix: Bool, exact: Bool) {
        self.term = Array(term.utf8)
        self.kind = prefix ? .prefix : (exact ? .exact : .stem)
    }

    /// Maximum prefix expansion per segment and field (more terms than this are dropped, which
    /// `QueryPlan.truncatedPrefixes` reports).
    static let prefixLimit = 50_000

    /// The exact indexed terms of this group in `field` of `segment`, sorted.
    func members(in segment: SegmentReader, _ field: TextField) -> [[UInt8]] {
        switch kind {
        case .exact: return segment.termStats(field, term) != nil ? [term] : []
        case .prefix: return segment.terms(field, prefix: term, limit: Self.prefixLimit)
        case .stem: return segment.terms(field, stem: Stemmer.stem(term))
        }
    }
}
