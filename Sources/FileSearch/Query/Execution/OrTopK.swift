/// Top-k of a disjunction of words (`merger OR acquisition OR consolidation`) over one segment:
/// window at a time instead of doc at a time.
///
/// Per window of `window` doc ids, every word's body and meta member postings are summed into dense
/// per-word frequency arrays; the docs the essential words' driving fields hold are marked in a
/// bitmap and scored as `DisjunctionNode.score()` does (matching words in `children` order, each as
/// `TermNode.score()`), so scores are bit-identical to the tree's. Pruning mirrors `DisjunctionNode`
/// (MaxScore) and `TermNode.raiseThreshold`: once `countThreshold` matches were counted and the heap
/// is full, the weakest words whose summed maxima cannot reach the k-th score stop driving, as does
/// a word's weaker field when it cannot reach it with every other word at its maximum: a doc only
/// they hold is never a candidate. Their postings are still summed in every window scanned (a
/// sequential decode costs a few ns per posting, a probe per candidate tens), and ranges whose
/// block bound is below the k-th score are skipped on block metadata alone.
struct OrTopK {
    static let window = 4096

    let node: DisjunctionNode
    /// The words in `node.children` order (ascending maxScore).
    let terms: [TermNode]

    /// The fast path's view of `root` when it is an OR of two or more words.
    init?(_ root: ExecNode) {
        guard let o = root as? DisjunctionNode, o.children.count >= 2 else { return nil }
        var ts: [TermNode] = []
        for c in o.children { guard let t = c as? TermNode else { return nil }; ts.append(t) }
        node = o
        terms = ts
    }

    /// Runs the segment into `heap`, adding the matches visited to `count`; sets `skipped` (or
    /// `prune.skippedMatches`) when matching docs were passed over without being counted.
    func run(segment seg: SegmentReader, segmentIndex s: Int, base: UInt64, heap: inout TopKHeap,
             count: inout Int, countThreshold: Int, skipped: inout Bool, prune: PruneState) {
        let W = Self.window
        let words = W / 64
        let n = terms.count
        // One allocation per segment and query, none per doc.
        let scratch = WindowScratch(counts: 2 * n * W, bitWords: words)
        defer { scratch.deallocate() }
        let tf = scratch.counts, bits = scratch.bits

        let end = ExecNode.end
        // SegmentReader.docLength with the column pointers hoisted out of the loops.
        let bodyLen = seg.columns.bodyLength, metaLen = seg.columns.metaLength, nDocs = seg.docCount
        @inline(__always) func lenB(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(bodyLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        @inline(__always) func lenM(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(metaLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        let prefixMax = node.prefixMax
        var firstEssential = 0
        // TermNode.raiseThreshold per word: the weaker field of a word stops driving once it cannot
        // lift a doc to theta even with every other word at its maximum (it is then probed).
        var bodyDrives = [Bool](repeating: true, count: n), metaDrives = [Bool](repeating: true, count: n)
        let maxima = terms.map(\.fieldMaxima)
        let total = prefixMax[n]

        while true {
            let full = heap.isFull
            let theta = full ? heap.worst!.score : -Double.infinity // isFull ⇒ non-empty
            let pruning = full && count >= countThreshold
            if pruning {
                var f = firstEssential
                while f < n && prefixMax[f + 1] < theta { f += 1 }
                if f > firstEssential { prune.skippedMatches = true; firstEssential = f }
                for i in firstEssential..<n where bodyDrives[i] && metaDrives[i] && terms[i].hasBody && terms[i].hasMeta {
                    let ti = theta - (total - terms[i].maxScore)
                    let (bm, mm) = maxima[i]
                    if bm < ti && bm <= mm { bodyDrives[i] = false; prune.skippedMatches = true }
                    else if mm < ti && mm < bm { metaDrives[i] = false; prune.skippedMatches = true }
                }
            }
            if firstEssential >= n { return } // no doc can reach theta
            var w = end
            for i in firstEssential..<n {
                if bodyDrives[i] { w = min(w, terms[i].body.doc) }
                if metaDrives[i] { w = min(w, terms[i].meta.doc) }
            }
            if w == end { return }
            var last = w <= end - UInt32(W) ? w + UInt32(W - 1) : end - 1 // no overflow: checked
            if pruning {
                let (upTo, bound) = node.blockBound(w)
                if bound < theta {
                    skipped = true
                    guard let from = WindowBounds.firstCompetitive(upTo: upTo, bound: bound, theta: theta, { node.blockBound($0) }) else { return }
                    for i in firstEssential..<n {
                        if bodyDrives[i] { terms[i].body.advance(to: from) }
                        if metaDrives[i] { terms[i].meta.advance(to: from) }
                        terms[i].doc = min(terms[i].body.doc, terms[i].meta.doc)
                    }
                    continue
                }
                last = WindowBounds.windowEnd(upTo: upTo, last: last, theta: theta, { node.blockBound($0) })
            }
            let span = Int(last - w) + 1
            let used = (span + 63) / 64
            for i in 0..<n {
                let t = terms[i]
                var marks = WindowMarks(bits)
                /// Sums `group`'s postings in the window into `freqs`; a driving field also marks its docs.
                func gather(_ group: inout GroupCursor, _ freqs: UnsafeMutablePointer<UInt32>, drives: Bool) {
                    if drives {
                        group.forEachPosting(from: w, through: last) { d, f in
                            let o = Int(d &- w) // w ≤ d ≤ last < w + W
                            freqs[o] &+= f // summed member freqs < 2^32
                            marks.mark(o)
                        }
                    } else {
                        group.forEachPosting(from: w, through: last) { d, f in freqs[Int(d &- w)] &+= f } // as above
                    }
                }
                let essential = i >= firstEssential
                if t.hasBody { gather(&t.body, tf + 2 * i * W, drives: essential && bodyDrives[i]) }
                if t.hasMeta { gather(&t.meta, tf + 2 * i * W + W, drives: essential && metaDrives[i]) }
                marks.flush()
                t.doc = min(t.body.doc, t.meta.doc) // keeps DisjunctionNode.blockBound's gap test exact
            }
            for j in 0..<used {
                var word = bits[j]
                bits[j] = 0
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    word &= word &- 1 // clears the lowest set bit (word ≠ 0)
                    let o = j &* 64 &+ bit // < span
                    let d = w + UInt32(o) // ≤ last
                    count += 1
                    // DisjunctionNode.score(): matching words in order, each 0 + body + meta.
                    var sc = 0.0
                    for i in 0..<n {
                        let t = terms[i]
                        let tb = tf[2 * i * W + o], tm = tf[2 * i * W + W + o]
                        if tb == 0 && tm == 0 { continue }
                        var ts = 0.0
                        if tb > 0 { ts += t.bodyScorer.score(tf: tb, length: lenB(d)) }
                        if tm > 0 { ts += t.metaScorer.score(tf: tm, length: lenM(d)) }
                        sc += ts
                    }
                    if heap.admits(score: sc) {
                        heap.offer(RankedDoc(score: sc, filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
                    }
                }
            }
            for i in 0..<n {
                (tf + 2 * i * W).update(repeating: 0, count: span)
                (tf + 2 * i * W + W).update(repeating: 0, count: span)
            }
        }
    }
}
