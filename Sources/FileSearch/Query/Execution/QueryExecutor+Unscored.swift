extension QueryNode {
    /// True when some positive word or phrase contributes to scores (false for queries made only of
    /// filters, negations and `*`, whose every match scores 0).
    var isScored: Bool {
        switch self {
        case .term, .phrase: return true
        case let .and(cs), let .or(cs): return cs.contains { $0.isScored }
        case .not, .filter, .all: return false
        }
    }
}

extension QueryExecutor {
    /// Top-k of a query whose every match scores 0 (`form:4`, `type:10-K -cik:…`): the order is
    /// filed date newest first, then doc id, and docs are numbered in filed-date order (undated last),
    /// so each segment's best docs are found by walking its matches backwards from the newest dated
    /// one, stopping at the first date older than the k-th kept. The total is exact.
    /// - Complexity: O(matches) to collect and count, O((k + same-date ties) log k) to rank.
    func rankUnscored(_ request: SearchRequest, plan: QueryPlan, k: Int) -> Ranked {
        var heap = TopKHeap(capacity: k, sort: .relevance)
        var total = 0
        var docs: [UInt32] = []
        for (s, seg) in reader.segments.enumerated() {
            let root = ExecTreeBuilder(ctx: SegmentContext(segment: seg, index: s, plan: plan, prune: PruneState())).build(request.query)
            docs.removeAll(keepingCapacity: true)
            if let list = root as? DocListNode {
                docs += list.remaining // a keyword filter alone: its list
            } else {
                while root.doc != ExecNode.end {
                    let d = root.doc
                    docs.append(d)
                    root.advance(to: d + 1) // d < end
                }
            }
            total += docs.count
            let base = UInt64(reader.docBases[s])
            func offer(_ d: UInt32, _ filed: Int32) {
                heap.offer(RankedDoc(score: 0, filed: filed, doc: base + UInt64(d), segment: s, local: d))
            }
            // Undated docs follow the dated ones: split there (binary search; dated is a prefix).
            var lo = 0, hi = docs.count
            while lo < hi { let mid = (lo + hi) / 2; if seg.filed(docs[mid]) != nil { lo = mid + 1 } else { hi = mid } }
            var i = lo - 1
            while i >= 0 {
                let f = seg.filed(docs[i]) ?? .min // dated prefix: never nil
                if heap.isFull && f < heap.worst!.filed { break } // isFull ⇒ non-empty; older docs cannot enter
                offer(docs[i], f)
                i -= 1
            }
            for d in docs[lo...] {
                let r = RankedDoc(score: 0, filed: .min, doc: base + UInt64(d), segment: s, local: d)
                if heap.isFull && !r.precedes(heap.worst!, .relevance) { break } // isFull ⇒ non-empty; later undated docs have larger ids
                heap.offer(r)
            }
        }
        return Ranked(docs: heap.sorted(), total: total, totalIsExact: true, plan: plan, facets: nil)
    }
}
