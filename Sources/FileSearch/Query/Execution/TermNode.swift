/// BM25 of one field with the per-query constants folded:
/// `w·idf·tf·(k1+1) / (tf + k1·(1 − b) + k1·b·dl/avgdl)`.
struct FieldScorer {
    let c1: Double, kb0: Double, kb1: Double
    init(weightedIdf: Double, avgLength: Double, _ p: BM25Parameters) {
        c1 = weightedIdf * (p.k1 + 1)
        kb0 = p.k1 * (1 - p.b)
        kb1 = avgLength > 0 ? p.k1 * p.b / avgLength : 0
    }
    @inline(__always) func score(tf: UInt32, length: UInt32) -> Double {
        let t = Double(tf)
        return c1 * t / (t + kb0 + kb1 * Double(length))
    }
}

/// One query word: its term group matched in the body OR the meta field, scored per field.
final class TermNode: ExecNode {
    let ctx: SegmentContext
    let segment: SegmentReader
    /// Groups of the two fields; an absent field has an empty (exhausted) group.
    var body: GroupCursor
    var meta: GroupCursor
    let hasBody: Bool
    let hasMeta: Bool
    let idfBody: Double
    let idfMeta: Double
    let bodyScorer: FieldScorer
    let metaScorer: FieldScorer
    /// The clause as the user typed it, for `--explain` (built only when asked: most queries never explain).
    private let makeLabel: () -> String
    private var label: String { makeLabel() }
    private let maxBound: Double
    private let costValue: Int
    /// MaxScore between the fields: a field whose maximum alone cannot reach the threshold stops
    /// driving iteration (it is consulted only for docs the other field finds).
    private var bodyDrives = true
    /// Only scores ≥ theta matter once a field stopped driving (then a doc may score lower than exact).
    private var theta = -Double.infinity
    private var metaDrives = true

    /// - Parameter metaOnly: match the meta field only (the conjunction's meta gate).
    init?(ctx: SegmentContext, key: TermGroupKey, label: @escaping @autoclosure () -> String, metaOnly: Bool = false) {
        self.ctx = ctx
        self.segment = ctx.segment
        self.makeLabel = label
        func open(_ f: TextField) -> GroupCursor {
            let cs = ctx.plan.cursors(key, segment: ctx.index, f, positions: false)
            return GroupCursor(cursors: cs, positions: false, mayMaterialize: key.kind == .prefix, length: { ctx.segment.docLength($0, f) })
        }
        body = metaOnly ? GroupCursor(cursors: [], positions: false, length: { _ in 0 }) : open(.body)
        meta = open(.meta)
        hasBody = body.doc != ExecNode.end
        hasMeta = meta.doc != ExecNode.end
        guard hasBody || hasMeta else { return nil }
        idfBody = ctx.plan.idf(key, .body)
        idfMeta = ctx.plan.idf(key, .meta)
        let p = ctx.params
        bodyScorer = FieldScorer(weightedIdf: idfBody, avgLength: ctx.avgLength(.body), p)
        metaScorer = FieldScorer(weightedIdf: idfMeta * p.metaWeight, avgLength: ctx.avgLength(.meta), p)
        maxBound = ((hasBody ? idfBody : 0) + (hasMeta ? idfMeta * p.metaWeight : 0)) * (p.k1 + 1)
        costValue = body.cost + meta.cost
        super.init()
        doc = min(body.doc, meta.doc)
    }

    override var cost: Int { costValue }
    /// Upper bound of the body part of `score()` (what a doc without a meta match can score).
    var bodyMax: Double { hasBody ? idfBody * (ctx.params.k1 + 1) : 0 }
    override var maxScore: Double { maxBound }
    override var scores: Bool { true }

    override func advance(to target: UInt32) {
        guard doc < target else { return }
        var m = ExecNode.end
        if hasBody && bodyDrives { body.advance(to: target); m = body.doc }
        if hasMeta && metaDrives { meta.advance(to: target); m = min(m, meta.doc) }
        doc = m
    }

    override func score() -> Double {
        var s = 0.0
        let d = doc
        if bodyDrives || !hasBody {
            if body.doc == d { s += bodyScorer.score(tf: body.freq, length: segment.docLength(d, .body)) }
        }
        if !metaDrives && hasMeta {
            // Non-driving field: consulted only when its block bound could lift the doc to theta.
            if s + meta.blockScoreBound(d, metaScorer).bound * (1 + 1e-9) < theta { return s } // below theta: any value < theta will do
            meta.advance(to: d)
        }
        if meta.doc == d { s += metaScorer.score(tf: meta.freq, length: segment.docLength(d, .meta)) }
        if !bodyDrives && hasBody {
            if s + body.blockScoreBound(d, bodyScorer).bound * (1 + 1e-9) < theta { return s } // below theta: any value < theta will do
            body.advance(to: d)
            if body.doc == d { s = bodyScorer.score(tf: body.freq, length: segment.docLength(d, .body)) + s }
        }
        return s
    }

    /// Upper bounds of the body and meta parts of `score()`, with slack for rounding.
    var fieldMaxima: (body: Double, meta: Double) {
        let p = ctx.params
        return (idfBody * (p.k1 + 1) * (1 + 1e-9), idfMeta * p.metaWeight * (p.k1 + 1) * (1 + 1e-9)) // slack: rounding
    }

    override func raiseThreshold(_ t: Double, pruneMatches: Bool) {
        guard pruneMatches, hasBody && hasMeta else { return }
        theta = max(theta, t)
        let (bodyMax, metaMax) = fieldMaxima
        // A doc found only by a non-driving field scores at most that field's maximum.
        if bodyDrives && metaDrives {
            if bodyMax < t && bodyMax <= metaMax { bodyDrives = false; ctx.prune.skippedMatches = true }
            else if metaMax < t && metaMax < bodyMax { metaDrives = false; ctx.prune.skippedMatches = true }
        }
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        // A field positioned past `target` has no doc in target..<doc: when that gap covers the
        // other field's range it adds 0 (ranges are never shortened by it).
        let bodyGap = hasBody && body.doc > target, metaGap = hasMeta && meta.doc > target
        var upTo = ExecNode.end, bound = 0.0
        if hasBody && !bodyGap {
            let r = body.blockScoreBound(target, bodyScorer)
            upTo = r.upTo
            bound += r.bound
        }
        if hasMeta && !(metaGap && meta.doc > upTo) {
            let r = meta.blockScoreBound(target, metaScorer)
            upTo = min(upTo, r.upTo)
            bound += r.bound
        }
        if bodyGap && body.doc <= upTo {
            let r = body.blockScoreBound(target, bodyScorer)
            upTo = min(upTo, r.upTo)
            bound += r.bound
        }
        return (upTo, bound * (1 + 1e-9)) // relative slack covers floating-point rounding
    }

    override func explain(into parts: inout [ScoreComponent]) {
        if body.doc == doc {
            let b = body
            let dl = ctx.segment.docLength(doc, .body)
            parts.append(ScoreComponent(description: "\(label) in body: idf \(fmt(idfBody)) × tf \(b.freq), length \(dl)/avg \(fmt(ctx.avgLength(.body)))",
                                        value: ctx.bm25(.body, idf: idfBody, tf: b.freq, length: dl, boost: 1)))
        }
        if meta.doc == doc {
            let m = meta
            let dl = ctx.segment.docLength(doc, .meta)
            parts.append(ScoreComponent(description: "\(label) in meta ×\(fmt(ctx.params.metaWeight)): idf \(fmt(idfMeta)) × tf \(m.freq), length \(dl)/avg \(fmt(ctx.avgLength(.meta)))",
                                        value: ctx.bm25(.meta, idf: idfMeta, tf: m.freq, length: dl, boost: 1)))
        }
    }
}

/// A number with 3 decimals (explanations).
func fmt(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    var s = String(r)
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
}
