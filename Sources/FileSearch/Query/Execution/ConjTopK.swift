/// Top-k of a conjunction of words (`annual report`, `series c warrants -preferred`) with its
/// proximity bonus, over one segment: window at a time instead of leapfrogging doc at a time.
///
/// Per window of `window` doc ids, every word's body and meta member postings are summed into
/// dense per-word frequency arrays with one bitmap per word; the docs in every word's bitmap and
/// in no excluded word's are scored in ascending order, each word as `TermNode.score()` and in the
/// conjunction's order, so scores are bit-identical to the tree's. The proximity bonus is read
/// (positions) only when its bound from the words' frequencies (phrase matches ≤ each word's tf)
/// could lift the doc to the k-th score. Pruning mirrors `ConjunctionNode`: block-bound range
/// skipping once `countThreshold` matches were counted, and the meta gate (once the k-th score
/// exceeds what a doc without any meta match can score, only the words' meta postings drive and
/// body frequencies are probed per candidate).
///
/// Used when the words' costs are within `maxCostRatio` of each other (a rare word leapfrogs
/// better in the tree).
struct ConjTopK {
    static let window = 4096
    static let maxCostRatio = 64

    let conj: ConjunctionNode
    /// The scoring words in the conjunction's scoring order.
    let terms: [TermNode]
    let bonus: PhraseNode?
    let excludedTerms: [TermNode]
    let excludedOther: [ExecNode]

    /// The fast path's view of `root` when it is an AND of two or more words (every required
    /// clause a word), at most the proximity-bonus phrase as optional clause, any exclusions.
    init?(_ root: ExecNode) {
        guard let c = root as? ConjunctionNode, c.required.count >= 2, c.required.count == c.scoring.count, c.optional.count <= 1 else { return nil }
        var ts: [TermNode] = []
        for r in c.scoring { guard let t = r as? TermNode else { return nil }; ts.append(t) }
        var b: PhraseNode? = nil
        if let o = c.optional.first { guard let p = o as? PhraseNode else { return nil }; b = p }
        let costs = ts.map(\.cost)
        guard let lo = costs.min(), let hi = costs.max(), hi <= lo * Self.maxCostRatio else { return nil }
        conj = c
        terms = ts
        bonus = b
        (excludedTerms, excludedOther) = TermTopK.splitExcluded(c.excluded, leadCost: lo)
    }

    /// Runs the segment into `heap`, adding the matches visited to `count`; sets `skipped` (or
    /// `prune.skippedMatches`) when matching docs were passed over without being counted.
    func run(segment seg: SegmentReader, segmentIndex s: Int, base: UInt64, heap: inout TopKHeap,
             count: inout Int, countThreshold: Int, skipped: inout Bool, prune: PruneState) {
        let W = Self.window
        let words = W / 64
        let n = terms.count
        // One allocation per segment and query, none per doc: per word a body and a meta tf array
        // and a bitmap; one bitmap for the excluded words and one for the meta gate.
        let scratch = WindowScratch(counts: 2 * n * W, bitWords: (n + 2) * words)
        defer { scratch.deallocate() }
        let tf = scratch.counts, bits = scratch.bits
        let ex = bits + n * words
        let gateBits = bits + (n + 1) * words

        let end = ExecNode.end
        // SegmentReader.docLength with the column pointers hoisted out of the loops.
        let bodyLen = seg.columns.bodyLength, metaLen = seg.columns.metaLength, nDocs = seg.docCount
        @inline(__always) func lenB(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(bodyLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        @inline(__always) func lenM(_ d: UInt32) -> UInt32 { d < nDocs ? Raw.u32(metaLen, Int(d) &* 4) : 0 } // d < nDocs ≤ 2^32: no overflow
        let ctx = terms[0].ctx
        let p = ctx.params
        // The bonus bounded by the words' frequencies (slop 0: matches ≤ each word's tf).
        let bonusBody = FieldScorer(weightedIdf: (bonus?.boost ?? 0) * (bonus?.idfBody ?? 0), avgLength: ctx.avgLength(.body), p)
        let bonusMeta = FieldScorer(weightedIdf: (bonus?.boost ?? 0) * (bonus?.idfMeta ?? 0) * p.metaWeight, avgLength: ctx.avgLength(.meta), p)
        let optionalMax = conj.optionalMax
        let bodyOnlyMax = conj.bodyOnlyMax
        let hasGate = conj.gate != nil
        var gateOn = false
        let bodyMaxima = terms.map { $0.hasBody ? $0.fieldMaxima.body : 0 }
        let metaScorers = terms.map(\.metaScorer)
        let bodyScorers = terms.map(\.bodyScorer)
        let hasBody = terms.map(\.hasBody)
        let bonusBodyMax = bonus == nil ? 0 : bonusBody.c1 // tf/(tf + …) < 1
        let hasEx = !excludedTerms.isEmpty

        while true {
            let full = heap.isFull
            let theta = full ? heap.worst!.score : -Double.infinity // isFull ⇒ non-empty
            let pruning = full && count >= countThreshold
            if pruning && hasGate && !gateOn && theta > bodyOnlyMax * (1 + 1e-9) { // slack: rounding
                gateOn = true
                prune.skippedMatches = true
            }
            // First doc that may match: every word must occur (gate: some word in meta).
            var w: UInt32
            if gateOn {
                w = end
                for t in terms { w = min(w, t.meta.doc) }
            } else {
                w = 0
                for t in terms { w = max(w, min(t.body.doc, t.meta.doc)) }
            }
            if w == end { return }
            var last = w <= end - UInt32(W) ? w + UInt32(W - 1) : end - 1 // no overflow: checked
            if pruning {
                let (upTo, bound) = conj.blockBound(w)
                if bound < theta {
                    skipped = true
                    guard let from = WindowBounds.firstCompetitive(upTo: upTo, bound: bound, theta: theta, { conj.blockBound($0) }) else { return }
                    for t in terms {
                        if !gateOn { t.body.advance(to: from) }
                        t.meta.advance(to: from)
                    }
                    continue
                }
                last = WindowBounds.windowEnd(upTo: upTo, last: last, theta: theta, { conj.blockBound($0) })
            }
            let span = Int(last - w) + 1
            let used = (span + 63) / 64
            // Gather the window.
            for i in 0..<n {
                let t = terms[i]
                let tb = tf + 2 * i * W, tm = tb + W
                var marks = WindowMarks(bits + i * words)
                if !gateOn {
                    t.body.forEachPosting(from: w, through: last) { d, f in
                        let o = Int(d &- w) // w ≤ d ≤ last < w + W
                        tb[o] &+= f // summed member freqs < 2^32
                        marks.mark(o)
                    }
                }
                var gate = WindowMarks(gateBits)
                t.meta.forEachPosting(from: w, through: last) { d, f in
                    let o = Int(d &- w) // w ≤ d ≤ last < w + W
                    tm[o] &+= f // summed member freqs < 2^32
                    marks.mark(o)
                    gate.mark(o)
                }
                marks.flush()
                gate.flush()
            }
            if hasEx {
                let mark: (UInt32, UInt32) -> Void = { d, _ in
                    let o = Int(d &- w) // w ≤ d ≤ last < w + W
                    ex[o >> 6] |= 1 &<< UInt64(o & 63) // shift < 64
                }
                for e in excludedTerms {
                    if e.hasBody { e.body.forEachPosting(from: w, through: last, mark) }
                    if e.hasMeta { e.meta.forEachPosting(from: w, through: last, mark) }
                }
            }
            for j in 0..<used {
                // Candidates: gate mode, docs with some meta match (body probed below); else every word's bitmap.
                var word: UInt64
                if gateOn {
                    word = gateBits[j]
                } else {
                    word = ~0
                    for i in 0..<n { word &= bits[i * words + j] }
                }
                word &= ~ex[j]
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    word &= word &- 1 // clears the lowest set bit (word ≠ 0)
                    let o = j &* 64 &+ bit // < span
                    let d = w + UInt32(o) // ≤ last
                    if gateOn {
                        // Bound before probing the bodies: exact meta parts, body maxima, and the bonus
                        // with its body part at most and its meta part bounded by the words' meta tfs.
                        let bar = heap.worst!.score // gate on ⇒ heap full
                        var ub = bonusBodyMax
                        var minTm = UInt32.max
                        for i in 0..<n {
                            let tm = tf[2 * i * W + W + o]
                            minTm = min(minTm, tm)
                            ub += bodyMaxima[i]
                            if tm > 0 { ub += metaScorers[i].score(tf: tm, length: lenM(d)) }
                        }
                        if minTm > 0 { ub += bonusMeta.score(tf: minTm, length: lenM(d)) }
                        if ub * (1 + 1e-9) < bar { continue } // slack: rounding; cannot compete (matches may be skipped: gate on)
                    }
                    var sc = 0.0
                    var minB = UInt32.max, minM = UInt32.max
                    var matched = true
                    for i in 0..<n {
                        var tb = tf[2 * i * W + o]
                        let tm = tf[2 * i * W + W + o]
                        if gateOn && hasBody[i] {
                            let t = terms[i]
                            t.body.advance(to: d)
                            if t.body.doc == d { tb = t.body.freq }
                        }
                        if tb == 0 && tm == 0 { matched = false; break }
                        // TermNode.score(): 0 + body + meta, added to the conjunction's sum in order.
                        var ts = 0.0
                        if tb > 0 { ts += bodyScorers[i].score(tf: tb, length: lenB(d)) }
                        if tm > 0 { ts += metaScorers[i].score(tf: tm, length: lenM(d)) }
                        sc += ts
                        minB = min(minB, tb)
                        minM = min(minM, tm)
                    }
                    if !matched { continue }
                    if !excludedOther.isEmpty && excludedOther.contains(where: { $0.advance(to: d); return $0.doc == d }) { continue }
                    count += 1
                    let bar = heap.isFull ? heap.worst!.score : -Double.infinity // isFull ⇒ non-empty
                    if let bonus, sc + optionalMax >= bar {
                        // ConjunctionNode.score(): the bonus is read unless it cannot lift the doc to bar.
                        var bound = 0.0
                        if minB > 0 { bound += bonusBody.score(tf: minB, length: lenB(d)) }
                        if minM > 0 { bound += bonusMeta.score(tf: minM, length: lenM(d)) }
                        if bar == -Double.infinity || sc + bound * (1 + 1e-9) >= bar { // slack: rounding
                            sc += bonus.optionalScore(at: d, need: bar - sc)
                        }
                    }
                    if heap.admits(score: sc) {
                        heap.offer(RankedDoc(score: sc, filed: seg.filed(d) ?? .min, doc: base + UInt64(d), segment: s, local: d))
                    }
                }
            }
            // Clear the window's used part.
            for i in 0..<n {
                (tf + 2 * i * W).update(repeating: 0, count: span)
                (tf + 2 * i * W + W).update(repeating: 0, count: span)
                (bits + i * words).update(repeating: 0, count: used)
            }
            ex.update(repeating: 0, count: used)
            gateBits.update(repeating: 0, count: used)
        }
    }
}
