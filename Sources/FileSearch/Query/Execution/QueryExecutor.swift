/// Runs a `SearchRequest` over an `IndexReader`: per segment, document at a time, into one
/// top-k heap shared by all segments.
///
/// Relevance order without facets or grouping prunes: once `countThreshold` matches have been
/// counted and the heap is full, blocks whose score bound (block-max of every scoring clause)
/// cannot beat the k-th best score are skipped without scoring. `total` is then a lower bound and
/// `totalIsExact` is false — exact up to `countThreshold` matches, an estimate beyond only when
/// something was actually skipped. Date order, facets and grouping count every match exactly.
public struct QueryExecutor: Sendable {
    public let reader: IndexReader
    public var params: BM25Parameters
    /// Matches counted exactly before pruning may start (`Int.max`: always exact).
    public var countThreshold: Int
    let keywords: KeywordCache
    /// Use the specialized top-k loops for the query shapes that have one (`FilteredTopK`, `TermTopK`, `ConjTopK`, `OrTopK`); off only
    /// in tests comparing them with the generic tree.
    var fastPaths = true

    public init(reader: IndexReader, params: BM25Parameters = BM25Parameters(), countThreshold: Int = 1000) {
        self.init(reader: reader, params: params, countThreshold: countThreshold, keywords: KeywordCache())
    }

    init(reader: IndexReader, params: BM25Parameters, countThreshold: Int, keywords: KeywordCache) {
        self.keywords = keywords
        self.reader = reader
        self.params = params
        self.countThreshold = countThreshold
    }

    /// The top docs of `request` and the match count.
    struct Ranked {
        var docs: [RankedDoc]
        var total: Int
        var totalIsExact: Bool
        var plan: QueryPlan
        var facets: Facets?
    }

    func rank(_ request: SearchRequest) -> Ranked {
        let plan = QueryPlan(reader: reader, query: request.query, params: params, keywords: keywords)
        let k = request.limit + request.offset
        let exhaustive = request.sort == .date || request.facets || request.groupByFiling
        if !exhaustive {
            if !request.query.isScored { return rankUnscored(request, plan: plan, k: k) }
            return rankPruned(request, plan: plan, k: k)
        }
        var all: [RankedDoc] = []
        var facetCounter = request.facets ? FacetCounter() : nil
        for (s, seg) in reader.segments.enumerated() {
            let root = ExecTreeBuilder(ctx: SegmentContext(segment: seg, index: s, plan: plan, prune: PruneState())).build(request.query)
            let base = UInt64(reader.docBases[s])
            while root.doc != ExecNode.end {
                let d = root.doc
                all.append(RankedDoc(score: root.score(), filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
                root.advance(to: d + 1) // d < end
            }
        }
        var total = all.count
        if request.groupByFiling {
            all.sort { $0.precedes($1, request.sort) }
            // The filing of a doc: its accession (keyword column), else its source file (stored fields).
            let accessions = reader.segments.map { keywords.column($0, .accession) }
            var seen = Set<String>(), kept: [RankedDoc] = []
            for r in all {
                let key = accessions[r.segment].first(r.local) ?? "path:" + reader.segments[r.segment].storedFields(r.local).sourcePath
                if seen.insert(key).inserted { kept.append(r) }
            }
            total = kept.count
            all = kept
        }
        if facetCounter != nil {
            // `all` is in segment order unless grouped (then re-sorted): count per segment.
            var bySegment = [[UInt32]](repeating: [], count: reader.segments.count)
            for r in all { bySegment[r.segment].append(r.local) }
            for (s, docs) in bySegment.enumerated() where !docs.isEmpty {
                let seg = reader.segments[s]
                facetCounter!.begin(segment: s, seg, companies: keywords.column(seg, .company)) // non-nil: checked
                for d in docs { facetCounter!.add(d) } // non-nil: checked
                facetCounter!.end() // non-nil: checked
            }
        }
        var heap = TopKHeap(capacity: k, sort: request.sort)
        for r in all { heap.offer(r) }
        return Ranked(docs: heap.sorted(), total: total, totalIsExact: true, plan: plan, facets: facetCounter?.facets(segments: reader.segments))
    }

    private func rankPruned(_ request: SearchRequest, plan: QueryPlan, k: Int) -> Ranked {
        var heap = TopKHeap(capacity: k, sort: .relevance)
        var count = 0
        var skipped = false
        let prune = PruneState()
        for (s, seg) in reader.segments.enumerated() {
            let root = ExecTreeBuilder(ctx: SegmentContext(segment: seg, index: s, plan: plan, prune: prune)).build(request.query)
            let base = UInt64(reader.docBases[s])
            if fastPaths, let fast = FilteredTopK(root) {
                fast.run(segment: seg, segmentIndex: s, base: base, heap: &heap, count: &count)
                continue
            }
            if fastPaths, let fast = TermTopK(root) {
                fast.run(segment: seg, segmentIndex: s, base: base, heap: &heap, count: &count,
                         countThreshold: countThreshold, skipped: &skipped, prune: prune)
                continue
            }
            if fastPaths, let fast = ConjTopK(root) {
                fast.run(segment: seg, segmentIndex: s, base: base, heap: &heap, count: &count,
                         countThreshold: countThreshold, skipped: &skipped, prune: prune)
                continue
            }
            if fastPaths, let fast = OrTopK(root) {
                fast.run(segment: seg, segmentIndex: s, base: base, heap: &heap, count: &count,
                         countThreshold: countThreshold, skipped: &skipped, prune: prune)
                continue
            }
            let scoring = root.scores
            // The bar passed down the tree: raised whenever the heap's worst score rises, and once
            // more when exact counting ends (from then on nodes may skip non-competitive matches).
            var lastTheta = -Double.infinity
            var lastPrune = false
            func raise() {
                guard scoring, heap.isFull else { return }
                let theta = heap.worst!.score // isFull ⇒ non-empty
                let pruneMatches = count >= countThreshold
                if theta > lastTheta || pruneMatches != lastPrune {
                    root.raiseThreshold(theta, pruneMatches: pruneMatches)
                    lastTheta = theta
                    lastPrune = pruneMatches
                }
            }
            raise()
            var boundUpTo: UInt32 = 0
            var bound = Double.infinity
            var haveBound = false
            while root.doc != ExecNode.end {
                let d = root.doc
                if scoring && count >= countThreshold && heap.isFull {
                    if !haveBound || d > boundUpTo {
                        (boundUpTo, bound) = root.blockBound(d)
                        haveBound = true
                    }
                    let theta = heap.worst!.score // isFull ⇒ non-empty
                    if bound < theta {
                        skipped = true
                        // Skip whole non-competitive ranges on block metadata alone (no decoding),
                        // then advance once to the first range that may compete.
                        var exhausted = false
                        while bound < theta {
                            if boundUpTo == ExecNode.end { exhausted = true; break }
                            let from = boundUpTo + 1 // < end: checked
                            (boundUpTo, bound) = root.blockBound(from)
                            if bound >= theta { root.advance(to: from) }
                        }
                        if exhausted { break }
                        continue
                    }
                }
                count += 1
                let score = scoring ? root.score() : 0
                if heap.admits(score: score) {
                    heap.offer(RankedDoc(score: score, filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
                    raise()
                } else if count == countThreshold {
                    raise()
                }
                root.advance(to: d + 1) // d < end
            }
        }
        return Ranked(docs: heap.sorted(), total: count, totalIsExact: !skipped && !prune.skippedMatches, plan: plan, facets: nil)
    }
}
