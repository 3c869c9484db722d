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

    /// The exact indexed terms of this group in `field` of `segment` with their dictionary entries, sorted,
    /// and the stem group's list when the segment has one (their union, read instead of the members
    /// when no positions are needed).
    /// - Parameter stem: `Stemmer.stem(term)` for a `.stem` group (computed once per query by the caller).
    func entries(in segment: SegmentReader, _ field: TextField, stem: [UInt8]) -> (entries: [(term: [UInt8], info: TermInfo)], list: StemGroupList?) {
        switch kind {
        case .exact: return (segment.termEntry(field, term).map { [(term, $0)] } ?? [], nil)
        case .prefix: return (segment.termEntries(field, prefix: term, limit: Self.prefixLimit), nil)
        case .stem: return segment.stemGroup(field, stem: stem)
        }
    }
}
