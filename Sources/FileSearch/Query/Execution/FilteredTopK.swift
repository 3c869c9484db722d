/// Top-k of one word AND field filters that match few docs (`revenue cik:320193`,
/// `type:3 securities`), over one segment: filter docs first, then the word leapfrogged against them.
///
/// The filters (keyword lists, filed-date ranges, predicates) are intersected into a sorted doc
/// list, then the word's body and meta groups are advanced to each listed doc in turn (a listed doc
/// the word passes over moves the list to the word's next doc): one tight loop instead of the
/// tree's leapfrog through virtual calls. A doc is scored exactly as
/// `ConjunctionNode.score()` scores it (`0 + TermNode.score()`, both fields driving), so results are
/// bit-identical to the tree's. Every match is counted (no pruning: the filter list bounds the work),
/// so the total is exact.
///
/// Used when the cheapest filter has at most `maxFilterDocs` docs and no more than the word's
/// postings (otherwise the word leads better in the tree or in `TermTopK`-style windows).
struct FilteredTopK {
    static let maxFilterDocs = 16_384

    let conj: ConjunctionNode
    let term: TermNode
    let filters: [ExecNode]

    /// The fast path's view of `root` when it is one word AND non-scoring filters, without
    /// exclusions or optional clauses.
    init?(_ root: ExecNode) {
        guard let c = root as? ConjunctionNode, c.optional.isEmpty, c.excluded.isEmpty, c.gate == nil,
              c.scoring.count == 1, let t = c.scoring[0] as? TermNode, c.required.count >= 2 else { return nil }
        let fs = c.required.filter { $0 !== t }
        guard fs.count == c.required.count - 1, fs.allSatisfy({ !$0.scores }),
              let lo = fs.map(\.cost).min(), lo <= Self.maxFilterDocs, lo <= t.cost else { return nil }
        conj = c
        term = t
        filters = fs
    }

    /// Runs the segment into `heap`, adding every match to `count`.
    /// - Complexity: O(filter docs × filters) to intersect, then at most one group advance per listed doc and field.
    func run(segment seg: SegmentReader, segmentIndex s: Int, base: UInt64, heap: inout TopKHeap, count: inout Int) {
        let end = ExecNode.end
        // The filters' common docs from the conjunction's first match on (earlier docs match nothing).
        var docs: [UInt32] = []
        let first = conj.doc
        if filters.count == 1, let list = filters[0] as? DocListNode {
            // One keyword filter (`cik:`, `form:`): its list as it is, no call per doc.
            list.advance(to: first)
            docs = Array(list.remaining)
        } else {
            docs.reserveCapacity(filters.map(\.cost).min() ?? 0)
            var d = first
            while d != end {
                var agreed = true
                for f in filters {
                    f.advance(to: d)
                    if f.doc != d { d = f.doc; agreed = false; break } // f.doc > d (or end)
                }
                if agreed { docs.append(d); d += 1 } // d < end: every filter is on it
            }
        }
        let t = term
        // SegmentReader.docLength with the column pointers hoisted out of the loop.
        let bodyLen = seg.columns.bodyLength, metaLen = seg.columns.metaLength, nDocs = seg.docCount
        @inline(__always) func lenB(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(bodyLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        @inline(__always) func lenM(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(metaLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        let bodyScorer = t.bodyScorer, metaScorer = t.metaScorer
        var j = 0
        while j < docs.count {
            let d = docs[j]
            t.body.advance(to: d)
            t.meta.advance(to: d)
            let inBody = t.body.doc == d, inMeta = t.meta.doc == d
            if !inBody && !inMeta {
                // Leapfrog: skip the listed docs before the word's next doc (galloping search).
                let next = min(t.body.doc, t.meta.doc)
                if next == end { break }
                var lo = j + 1, step = 1
                while lo + step < docs.count && docs[lo + step] < next { lo += step; step <<= 1 }
                var hi = min(lo + step, docs.count)
                while lo < hi { let mid = (lo + hi) >> 1; if docs[mid] < next { lo = mid + 1 } else { hi = mid } }
                j = lo
                continue
            }
            j += 1
            count += 1
            // TermNode.score() with both fields driving, then ConjunctionNode.score()'s 0 + it.
            var ts = 0.0
            if inBody { ts += bodyScorer.score(tf: t.body.freq, length: lenB(d)) }
            if inMeta { ts += metaScorer.score(tf: t.meta.freq, length: lenM(d)) }
            var sc = 0.0
            sc += ts
            if heap.admits(score: sc) {
                heap.offer(RankedDoc(score: sc, filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
            }
        }
    }
}
