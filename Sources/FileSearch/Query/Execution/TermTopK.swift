/// Top-k of a query that is one word, optionally minus excluded clauses (`warrants -preferred`),
/// over one segment: window at a time instead of doc at a time.
///
/// Per window of `window` doc ids, every member posting of the word's body and meta groups is
/// added into dense per-doc frequency arrays (a bitmap marks the docs seen), excluded words mark
/// a second bitmap, then the marked docs are scored in ascending order. A doc's score is
/// computed exactly as `TermNode.score()` computes it (`0 + body + meta`), so results are
/// bit-identical to the tree's. Pruning mirrors `QueryExecutor.rankPruned` and
/// `TermNode.raiseThreshold`: once `countThreshold` matches were counted and the heap is full,
/// ranges whose block bound is below the k-th score are skipped on block metadata alone, and a
/// field whose maximum alone cannot reach that score stops driving (its docs are probed only for
/// docs the other field finds).
struct TermTopK {
    /// Doc ids per window (a multiple of 64).
    static let window = 4096
    /// Excluded words up to this many times the word's cost are marked from their postings.
    static let markCostRatio = 4

    let term: TermNode
    /// Excluded words marked through their postings (both fields).
    let excludedTerms: [TermNode]
    /// Other excluded clauses, and much longer excluded words (probed per candidate with `advance`).
    let excludedOther: [ExecNode]

    /// The fast path's view of `root` when it is a word or a word minus excluded clauses.
    init?(_ root: ExecNode) {
        if let t = root as? TermNode {
            term = t; excludedTerms = []; excludedOther = []
            return
        }
        guard let c = root as? ConjunctionNode, c.optional.isEmpty, c.gate == nil, c.required.count == 1,
              let t = c.required[0] as? TermNode else { return nil }
        term = t
        (excludedTerms, excludedOther) = Self.splitExcluded(c.excluded, leadCost: t.cost)
    }

    /// The excluded clauses split into words marked posting by posting in each window and the rest
    /// (other clauses, and words much longer than `leadCost`: those are probed per candidate instead).
    static func splitExcluded(_ excluded: [ExecNode], leadCost: Int) -> (marked: [TermNode], probed: [ExecNode]) {
        var marked: [TermNode] = [], probed: [ExecNode] = []
        for e in excluded {
            if let x = e as? TermNode, x.cost <= markCostRatio * leadCost { marked.append(x) } else { probed.append(e) }
        }
        return (marked, probed)
    }

    /// Runs the segment into `heap`, adding the docs visited to `count`; sets `skipped` (or
    /// `prune.skippedMatches`) when matching docs were passed over without being counted.
    func run(segment seg: SegmentReader, segmentIndex s: Int, base: UInt64, heap: inout TopKHeap,
             count: inout Int, countThreshold: Int, skipped: inout Bool, prune: PruneState) {
        let W = Self.window
        let words = W / 64
        // One allocation per segment and query, none per doc.
        let scratch = WindowScratch(counts: 2 * W, bitWords: 2 * words)
        defer { scratch.deallocate() }
        let tfB = scratch.counts, tfM = tfB + W, bits = scratch.bits, ex = bits + words

        let t = term
        // SegmentReader.docLength with the column pointers hoisted out of the loops.
        let bodyLen = seg.columns.bodyLength, metaLen = seg.columns.metaLength, nDocs = seg.docCount
        @inline(__always) func lenB(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(bodyLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        @inline(__always) func lenM(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(metaLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        let end = ExecNode.end
        let (bodyMax, metaMax) = t.fieldMaxima
        let bodyScorer = t.bodyScorer, metaScorer = t.metaScorer
        var bodyDrives = t.hasBody, metaDrives = t.hasMeta
        let hasEx = !excludedTerms.isEmpty

        while true {
            let full = heap.isFull
            let theta = full ? heap.worst!.score : -Double.infinity // isFull ⇒ non-empty
            let pruning = full && count >= countThreshold
            // TermNode.raiseThreshold: the weaker field stops driving once it alone cannot reach theta.
            if pruning && bodyDrives && metaDrives && t.hasBody && t.hasMeta {
                if bodyMax < theta && bodyMax <= metaMax { bodyDrives = false; prune.skippedMatches = true }
                else if metaMax < theta && metaMax < bodyMax { metaDrives = false; prune.skippedMatches = true }
            }
            let w = min(bodyDrives ? t.body.doc : end, metaDrives ? t.meta.doc : end)
            if w == end { return }
            var last = w <= end - UInt32(W) ? w + UInt32(W - 1) : end - 1 // no overflow: checked
            if pruning {
                let (upTo, bound) = t.blockBound(w)
                if bound < theta {
                    skipped = true
                    // Skip non-competitive ranges on block metadata alone, then move the driving groups.
                    guard let from = WindowBounds.firstCompetitive(upTo: upTo, bound: bound, theta: theta, { t.blockBound($0) }) else { return }
                    if bodyDrives { t.body.advance(to: from) }
                    if metaDrives { t.meta.advance(to: from) }
                    continue
                }
                last = WindowBounds.windowEnd(upTo: upTo, last: last, theta: theta, { t.blockBound($0) })
            }
            // Gather the window.
            var marks = WindowMarks(bits)
            if bodyDrives {
                t.body.forEachPosting(from: w, through: last) { d, f in
                    let o = Int(d &- w) // w ≤ d ≤ last < w + W
                    tfB[o] &+= f // summed member freqs < 2^32
                    marks.mark(o)
                }
            }
            if metaDrives {
                t.meta.forEachPosting(from: w, through: last) { d, f in
                    let o = Int(d &- w) // w ≤ d ≤ last < w + W
                    tfM[o] &+= f // summed member freqs < 2^32
                    marks.mark(o)
                }
            }
            marks.flush()
            if hasEx {
                for e in excludedTerms {
                    let mark: (UInt32, UInt32) -> Void = { d, _ in
                        let o = Int(d &- w) // w ≤ d ≤ last < w + W
                        ex[o >> 6] |= 1 &<< UInt64(o & 63) // shift < 64
                    }
                    if e.hasBody { e.body.forEachPosting(from: w, through: last, mark) }
                    if e.hasMeta { e.meta.forEachPosting(from: w, through: last, mark) }
                }
            }
            // Score the marked docs in ascending order; clear the window as it is read.
            let usedWords = Int(last - w) / 64 + 1
            // A doc without a meta match scores its body part exactly (no field left to probe).
            let bodyOnlyExact = bodyDrives && (metaDrives || !t.hasMeta)
            for j in 0..<usedWords {
                var word = bits[j]
                if word == 0 { continue }
                bits[j] = 0
                let exWord = ex[j]
                ex[j] = 0
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    word &= word &- 1 // clears the lowest set bit (word ≠ 0)
                    let o = j &* 64 &+ bit // < W
                    let tb = tfB[o], tm = tfM[o]
                    tfB[o] = 0
                    tfM[o] = 0
                    if (exWord >> UInt64(bit)) & 1 != 0 { continue }
                    let d = w + UInt32(o) // ≤ last
                    if !excludedOther.isEmpty && excludedOther.contains(where: { $0.advance(to: d); return $0.doc == d }) { continue }
                    count += 1
                    if tm == 0 && bodyOnlyExact && heap.isFull {
                        // The score is the body part alone: reject it without a division when
                        // c1·tf < bar·(tf + kb0 + kb1·dl) with slack (then score < bar).
                        let x = Double(tb)
                        let den = x + bodyScorer.kb0 + bodyScorer.kb1 * Double(lenB(d))
                        if bodyScorer.c1 * x < heap.worst!.score * den * (1 - 1e-9) { continue } // isFull ⇒ non-empty; slack: rounding
                    }
                    var sc = 0.0
                    if tb > 0 { sc += bodyScorer.score(tf: tb, length: lenB(d)) }
                    if tm > 0 { sc += metaScorer.score(tf: tm, length: lenM(d)) }
                    // A non-driving field is probed only when its block bound could lift the doc to theta.
                    let bar = heap.isFull ? heap.worst!.score : -Double.infinity // isFull ⇒ non-empty
                    if !bodyDrives && t.hasBody {
                        if sc + t.body.blockScoreBound(d, bodyScorer).bound * (1 + 1e-9) >= bar { // slack: rounding
                            t.body.advance(to: d)
                            if t.body.doc == d { sc = bodyScorer.score(tf: t.body.freq, length: lenB(d)) + sc }
                        }
                    } else if !metaDrives && t.hasMeta {
                        if sc + t.meta.blockScoreBound(d, metaScorer).bound * (1 + 1e-9) >= bar { // slack: rounding
                            t.meta.advance(to: d)
                            if t.meta.doc == d { sc += metaScorer.score(tf: t.meta.freq, length: lenM(d)) }
                        }
                    }
                    if heap.admits(score: sc) {
                        heap.offer(RankedDoc(score: sc, filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
                    }
                }
            }
        }
    }
}
