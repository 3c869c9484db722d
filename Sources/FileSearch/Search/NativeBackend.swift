/// The native engine behind `SearchBackend`: executes `QueryNode`s over an `IndexReader`.
///
/// Ranking: `BM25Parameters` (see `BM25`). Ordering: score desc, then filed date newest first,
/// then doc id. Totals: see `QueryExecutor` (exact up to `countThreshold` matches).
public final class NativeBackend: SearchBackend {
    public let reader: IndexReader
    public let params: BM25Parameters
    public let countThreshold: Int
    private let fieldsCache = StoredFieldsCache()
    private let keywords = KeywordCache()

    public init(reader: IndexReader, params: BM25Parameters = BM25Parameters(), countThreshold: Int = 1000) {
        self.reader = reader
        self.params = params
        self.countThreshold = countThreshold
    }

    /// Opens the index in `directory`.
    /// - Throws: `SearchError.index` when it is missing or damaged.
    public convenience init(directory: String, params: BM25Parameters = BM25Parameters(), countThreshold: Int = 1000) throws {
        self.init(reader: try IndexReader.open(directory: directory), params: params, countThreshold: countThreshold)
    }

    public func stats() throws -> IndexStats { reader.stats() }

    public func search(_ request: SearchRequest) throws -> SearchResponse {
        guard request.limit >= 0, request.offset >= 0 else { throw SearchError.unsupported("negative limit or offset") }
        let executor = QueryExecutor(reader: reader, params: params, countThreshold: countThreshold, keywords: keywords)
        let ranked = executor.rank(request)
        let page = Array(ranked.docs.dropFirst(request.offset).prefix(request.limit))
        var explanations: [UInt64: [ScoreComponent]] = [:]
        if request.explain { explanations = explain(page, query: request.query, plan: ranked.plan) }
        var highlight: [Int: Set<[UInt8]>] = [:]
        let hits = page.map { r -> SearchHit in
            let seg = reader.segments[r.segment]
            let f = request.snippets > 0 ? seg.storedDocument(r.local) : fieldsCache.fields(r.doc, seg, r.local)
            var snippets: [Snippet] = []
            if request.snippets > 0 {
                if highlight[r.segment] == nil { highlight[r.segment] = highlightTerms(request.query, plan: ranked.plan, segment: r.segment) }
                snippets = SnippetBuilder.snippets(text: f.text, terms: highlight[r.segment]!, count: request.snippets) // set above
            }
            return SearchHit(docID: r.doc, score: r.score, accession: f.accession, formType: f.formType, filed: f.filed,
                             period: f.period, companyNames: f.companyNames, ciks: f.ciks, documentType: f.documentType,
                             documentFileName: f.documentFileName, description: f.description, sourcePath: f.sourcePath,
                             sequence: f.sequence, snippets: snippets, explanation: explanations[r.doc] ?? [])
        }
        return SearchResponse(total: ranked.total, totalIsExact: ranked.totalIsExact, hits: hits, facets: ranked.facets)
    }

    /// Score parts of each hit, by re-walking each segment's tree to the hit docs in doc order.
    private func explain(_ docs: [RankedDoc], query: QueryNode, plan: QueryPlan) -> [UInt64: [ScoreComponent]] {
        var out: [UInt64: [ScoreComponent]] = [:]
        for (s, group) in Dictionary(grouping: docs, by: \.segment) {
            let root = ExecTreeBuilder(ctx: SegmentContext(segment: reader.segments[s], index: s, plan: plan, prune: PruneState())).build(query)
            for r in group.sorted(by: { $0.local < $1.local }) {
                root.advance(to: r.local)
                var parts: [ScoreComponent] = []
                if root.doc == r.local { root.explain(into: &parts) }
                if parts.isEmpty { parts.append(ScoreComponent(description: "no scoring clause (filters only)", value: 0)) }
                out[r.doc] = parts
            }
        }
        return out
    }

    /// The indexed terms of the query's positive words in segment `s` (what snippets highlight).
    private func highlightTerms(_ query: QueryNode, plan: QueryPlan, segment s: Int) -> Set<[UInt8]> {
        var keys: [TermGroupKey] = []
        func walk(_ n: QueryNode) {
            switch n {
            case let .term(t, p, e): keys.append(TermGroupKey(t, prefix: p, exact: e))
            case let .phrase(ts, _, e): keys += ts.map { TermGroupKey($0, prefix: false, exact: e) }
            case let .and(cs), let .or(cs): cs.forEach(walk)
            case .not, .filter, .all: break
            }
        }
        walk(query)
        var out = Set<[UInt8]>()
        for k in keys { for f in TextField.allCases { out.formUnion(plan.members(k, segment: s, f)) } }
        return out
    }
}
