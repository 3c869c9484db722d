/// A phrase (or proximity clause) matched in the body OR the meta field, scored per field as one
/// term with `tf` = phrase matches and `idf` = the sum of its words' idfs, times `boost`.
final class PhraseNode: ExecNode {
    private let ctx: SegmentContext
    /// The field matchers, boxed: a read or an advance through an optional struct property copied the
    /// whole matcher (a retain and release per array it holds) on every call.
    private var body: MatcherBox?
    private var meta: MatcherBox?
    let idfBody: Double
    let idfMeta: Double
    let boost: Double
    /// The clause as the user typed it, for `--explain` (built only when asked: most queries never explain).
    private let makeLabel: () -> String
    private var label: String { makeLabel() }

    /// True while `doc` is a placeholder (`optionalOnly`): the next `advance` seeks.
    private var pending: Bool

    /// - Parameter optionalOnly: the node is only an optional clause (`optionalScore`): its body
    ///   matcher is not positioned on its first match (which could read the positions of every
    ///   co-occurrence of the words when the phrase is rare). The meta matcher still is: meta is
    ///   short, and a field without any match drops out of `maxScore` (a tighter bonus bound).
    init?(ctx: SegmentContext, keys: [TermGroupKey], slop: Int, boost: Double, label: @escaping @autoclosure () -> String, optionalOnly: Bool = false) {
        self.ctx = ctx
        self.boost = boost
        self.makeLabel = label
        pending = optionalOnly
        func open(_ f: TextField) -> MatcherBox? {
            PhraseMatcher(segment: ctx.segment, field: f, cursorLists: keys.map { ctx.plan.cursors($0, segment: ctx.index, f, positions: true) },
                          lists: keys.map { ctx.plan.listCursor($0, segment: ctx.index, f) }, slop: slop,
                          seekFirst: !optionalOnly || f == .meta).map(MatcherBox.init)
        }
        body = open(.body)
        meta = open(.meta)
        if body?.m.doc == ExecNode.end { body = nil }
        if meta?.m.doc == ExecNode.end { meta = nil }
        guard body != nil || meta != nil else { return nil }
        idfBody = keys.reduce(0) { $0 + ctx.plan.idf($1, .body) }
        idfMeta = keys.reduce(0) { $0 + ctx.plan.idf($1, .meta) }
        super.init()
        doc = min(body?.m.doc ?? ExecNode.end, meta?.m.doc ?? ExecNode.end)
    }

    override var cost: Int { (body?.m.cost ?? 0) + (meta?.m.cost ?? 0) }
    override var maxScore: Double {
        boost * ((body != nil ? idfBody : 0) + (meta != nil ? idfMeta * ctx.params.metaWeight : 0)) * (ctx.params.k1 + 1)
    }
    override var scores: Bool { boost > 0 }
    /// Upper bound of the body part of `score()`.
    var bodyMax: Double { body != nil ? boost * idfBody * (ctx.params.k1 + 1) : 0 }

    /// Makes every later match also match the gates (the filters of the enclosing AND), so positions
    /// are read only for docs the conjunction accepts. `makeGates` builds a fresh set of nodes per
    /// field matcher: the body and meta matchers sit on different docs, so they cannot share cursors.
    /// Call right after `init`; the node may then skip docs where only the gates fail (the AND
    /// rejects them anyway).
    func gate(by makeGates: () -> [ExecNode]) {
        if body != nil { body!.m.gates = makeGates(); body!.m.restart() } // non-nil: checked
        if meta != nil { meta!.m.gates = makeGates(); meta!.m.restart() } // non-nil: checked
        if body?.m.doc == ExecNode.end { body = nil }
        if meta?.m.doc == ExecNode.end { meta = nil }
        doc = min(body?.m.doc ?? ExecNode.end, meta?.m.doc ?? ExecNode.end)
    }

    override func advance(to target: UInt32) {
        guard doc < target || pending else { return }
        pending = false
        body?.m.advance(to: target)
        meta?.m.advance(to: target)
        doc = min(body?.m.doc ?? ExecNode.end, meta?.m.doc ?? ExecNode.end)
    }

    override func score() -> Double {
        var s = 0.0
        if let b = body, b.m.doc == doc { s += ctx.bm25(.body, idf: idfBody, tf: b.m.freq, length: ctx.segment.docLength(doc, .body), boost: boost) }
        if let mb = meta, mb.m.doc == doc { s += ctx.bm25(.meta, idf: idfMeta, tf: mb.m.freq, length: ctx.segment.docLength(doc, .meta), boost: boost) }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        if body != nil {
            let r = body!.m.blockBound(target) // non-nil: checked above
            upTo = min(upTo, r.upTo)
            if r.maxFreq > 0 { bound += ctx.bm25(.body, idf: idfBody, tf: r.maxFreq, length: r.minLength, boost: boost) }
        }
        if meta != nil {
            let r = meta!.m.blockBound(target) // non-nil: checked above
            upTo = min(upTo, r.upTo)
            if r.maxFreq > 0 { bound += ctx.bm25(.meta, idf: idfMeta, tf: r.maxFreq, length: r.minLength, boost: boost) }
        }
        return (upTo, bound * (1 + 1e-9)) // relative slack covers floating-point rounding
    }

    /// Used only as an optional clause (the proximity bonus): positions are read only when the
    /// frequency bound (matches ≤ word frequencies) could reach `need`.
    override func optionalScore(at target: UInt32, need: Double) -> Double {
        let fb = body?.m.approximate(target), fm = meta?.m.approximate(target)
        guard fb != nil || fm != nil else { return 0 }
        if need > 0 {
            var bound = 0.0
            if let fb { bound += ctx.bm25(.body, idf: idfBody, tf: fb, length: ctx.segment.docLength(target, .body), boost: boost) }
            if let fm { bound += ctx.bm25(.meta, idf: idfMeta, tf: fm, length: ctx.segment.docLength(target, .meta), boost: boost) }
            if bound * (1 + 1e-9) < need { return 0 } // relative slack covers floating-point rounding
        }
        var s = 0.0
        if fb != nil, let f = body?.m.verify(), f > 0 { s += ctx.bm25(.body, idf: idfBody, tf: f, length: ctx.segment.docLength(target, .body), boost: boost) }
        if fm != nil, let f = meta?.m.verify(), f > 0 { s += ctx.bm25(.meta, idf: idfMeta, tf: f, length: ctx.segment.docLength(target, .meta), boost: boost) }
        return s
    }

    override func raiseThreshold(_ t: Double, pruneMatches: Bool) {
        guard pruneMatches else { return }
        let p = ctx.params
        let bodyMax = body != nil ? boost * idfBody * (p.k1 + 1) : 0
        let metaMax = meta != nil ? boost * idfMeta * p.metaWeight * (p.k1 + 1) : 0
        body?.m.pruneBelow(t - metaMax, scale: boost * idfBody, avgLength: ctx.avgLength(.body), params: p, state: ctx.prune)
        meta?.m.pruneBelow(t - bodyMax, scale: boost * idfMeta * p.metaWeight, avgLength: ctx.avgLength(.meta), params: p, state: ctx.prune)
    }

    override func explain(into parts: inout [ScoreComponent]) {
        let what = boost == 1 ? label : "proximity bonus ×\(fmt(boost)) \(label)"
        if let b = body?.m, b.doc == doc {
            let dl = ctx.segment.docLength(doc, .body)
            parts.append(ScoreComponent(description: "\(what) in body: idf \(fmt(idfBody)) × \(b.freq) matches, length \(dl)/avg \(fmt(ctx.avgLength(.body)))",
                                        value: ctx.bm25(.body, idf: idfBody, tf: b.freq, length: dl, boost: boost)))
        }
        if let m = meta?.m, m.doc == doc {
            let dl = ctx.segment.docLength(doc, .meta)
            parts.append(ScoreComponent(description: "\(what) in meta ×\(fmt(ctx.params.metaWeight)): idf \(fmt(idfMeta)) × \(m.freq) matches, length \(dl)/avg \(fmt(ctx.avgLength(.meta)))",
                                        value: ctx.bm25(.meta, idf: idfMeta, tf: m.freq, length: dl, boost: boost)))
        }
    }
}

/// A `PhraseMatcher` held by reference (see `PhraseNode.body`).
final class MatcherBox {
    var m: PhraseMatcher
    init(_ m: PhraseMatcher) { self.m = m }
}
