/// Index-wide statistics of one query: the members of every term group per segment and field,
/// and the BM25 inputs (`N`, `avgdl` per field, `idf` per group and field).
///
/// Built once per query before any segment is executed, so scores are identical whatever the
/// segmentation. - Complexity: O(groups × segments) dictionary lookups (plus prefix enumeration).
final class QueryPlan {
    let reader: IndexReader
    let params: BM25Parameters
    let documents: Int
    /// avgdl per field (index by `TextField.rawValue`).
    let avgLength: [Double]
    /// entries[segment][field][group]: the group's exact terms with their dictionary entries.
    private(set) var entries: [[[TermGroupKey: [(term: [UInt8], info: TermInfo)]]]]
    /// lists[segment][field][group]: the stem group's list, when the segment has one.
    private var lists: [[[TermGroupKey: StemGroupList]]]
    /// idf per group per field.
    private(set) var idfs: [[TermGroupKey: Double]]
    /// True when a prefix expanded to more than `TermGroupKey.prefixLimit` terms somewhere.
    private(set) var truncatedPrefixes = false

    /// Per-reader keyword data: pre-analyzed company names, per-doc keyword columns (shared by the queries of one backend).
    let keywords: KeywordCache

    init(reader: IndexReader, query: QueryNode, params: BM25Parameters, keywords: KeywordCache = KeywordCache()) {
        self.reader = reader
        self.keywords = keywords
        self.params = params
        documents = reader.documentCount
        avgLength = TextField.allCases.map { f in
            let total = reader.segments.reduce(UInt64(0)) { $0 + $1.totalLength(f) }
            return reader.documentCount > 0 ? Double(total) / Double(reader.documentCount) : 0
        }
        var keys = Set<TermGroupKey>()
        Self.collectGroups(query, into: &keys)
        entries = reader.segments.map { _ in TextField.allCases.map { _ in [:] } }
        lists = reader.segments.map { _ in TextField.allCases.map { _ in [:] } }
        idfs = TextField.allCases.map { _ in [:] }
        let single = reader.segments.count == 1
        for key in keys {
            let stem = key.kind == .stem ? Stemmer.stem(key.term) : [] // once per query, not per field and segment
            for f in TextField.allCases {
                var df: [[UInt8]: Int] = [:]
                var maxDF = 0
                for (s, seg) in reader.segments.enumerated() {
                    let (m, list) = key.entries(in: seg, f, stem: stem)
                    if let list { lists[s][Int(f.rawValue)][key] = list }
                    if key.kind == .prefix && m.count >= TermGroupKey.prefixLimit { truncatedPrefixes = true }
                    entries[s][Int(f.rawValue)][key] = m
                    // One segment: a term's docFreq is its index-wide one (no summing by term needed).
                    if single { for e in m { maxDF = max(maxDF, e.info.docFreq) } } else { for e in m { df[e.term, default: 0] += e.info.docFreq } }
                }
                if !single { maxDF = df.values.max() ?? 0 }
                idfs[Int(f.rawValue)][key] = maxDF > 0 ? BM25.idf(documents: documents, docFreq: maxDF) : 0
            }
        }
    }

    /// The members of `key` in `field` of segment `s`.
    func members(_ key: TermGroupKey, segment s: Int, _ field: TextField) -> [[UInt8]] {
        (entries[s][Int(field.rawValue)][key] ?? []).map(\.term)
    }

    /// Cursors over the postings of the members of `key` in `field` of `segment` (no dictionary lookups:
    /// the entries were found when the plan was made); without positions, the one cursor of the group's
    /// list when it has one (same docs, freqs summed as `GroupCursor` sums them).
    func cursors(_ key: TermGroupKey, segment s: Int, _ field: TextField, positions: Bool) -> [PostingsCursor] {
        let seg = reader.segments[s]
        if !positions, let list = lists[s][Int(field.rawValue)][key] { return [seg.postings(field, list: list)] }
        return (entries[s][Int(field.rawValue)][key] ?? []).compactMap { seg.postings(field, info: $0.info, positions: positions) }
    }

    /// A cursor over the stem group list of `key` in `field` of segment `s`, when it has one.
    func listCursor(_ key: TermGroupKey, segment s: Int, _ field: TextField) -> PostingsCursor? {
        lists[s][Int(field.rawValue)][key].map { reader.segments[s].postings(field, list: $0) }
    }

    func idf(_ key: TermGroupKey, _ field: TextField) -> Double { idfs[Int(field.rawValue)][key] ?? 0 }

    /// Every term group a query scores or filters on (company filters use the meta phrase).
    static func collectGroups(_ node: QueryNode, into keys: inout Set<TermGroupKey>) {
        switch node {
        case let .term(t, prefix, exact): keys.insert(TermGroupKey(t, prefix: prefix, exact: exact))
        case let .phrase(ts, _, exact): for t in ts { keys.insert(TermGroupKey(t, prefix: false, exact: exact)) }
        case let .and(cs), let .or(cs): for c in cs { collectGroups(c, into: &keys) }
        case let .not(c): collectGroups(c, into: &keys)
        case let .filter(.company(ts)): for t in ts { keys.insert(TermGroupKey(t, prefix: false, exact: true)) }
        case .filter, .all: break
        }
    }
}
