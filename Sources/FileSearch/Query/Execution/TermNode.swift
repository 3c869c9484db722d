/// One query word: its term group matched in the body OR the meta field, scored per field.
final class TermNode: ExecNode {
    private let ctx: SegmentContext
    private var body: GroupCursor?
    private var meta: GroupCursor?
    private let idfBody: Double
    private let idfMeta: Double
    private let label: String
    private let maxBound: Double
    private let costValue: Int

    init?(ctx: SegmentContext, key: TermGroupKey, label: String) {
        self.ctx = ctx
        self.label = label
        func open(_ f: TextField) -> GroupCursor? {
            let cs = ctx.plan.members(key, segment: ctx.index, f).compactMap { ctx.segment.postings(f, $0, positions: false) }
            return cs.isEmpty ? nil : GroupCursor(cursors: cs, positions: false, length: { ctx.segment.docLength($0, f) })
        }
        body = open(.body)
        meta = open(.meta)
        guard body != nil || meta != nil else { return nil }
        idfBody = ctx.plan.idf(key, .body)
        idfMeta = ctx.plan.idf(key, .meta)
        let p = ctx.params
        maxBound = ((body != nil ? idfBody : 0) + (meta != nil ? idfMeta * p.metaWeight : 0)) * (p.k1 + 1)
        costValue = (body?.cost ?? 0) + (meta?.cost ?? 0)
        super.init()
        doc = min(body?.doc ?? ExecNode.end, meta?.doc ?? ExecNode.end)
    }

    override var cost: Int { costValue }
    override var maxScore: Double { maxBound }
    override var scores: Bool { true }

    override func advance(to target: UInt32) {
        guard doc < target else { return }
        body?.advance(to: target)
        meta?.advance(to: target)
        doc = min(body?.doc ?? ExecNode.end, meta?.doc ?? ExecNode.end)
    }

    override func score() -> Double {
        var s = 0.0
        if let b = body, b.doc == doc { s += ctx.bm25(.body, idf: idfBody, tf: b.freq, length: ctx.segment.docLength(doc, .body), boost: 1) }
        if let m = meta, m.doc == doc { s += ctx.bm25(.meta, idf: idfMeta, tf: m.freq, length: ctx.segment.docLength(doc, .meta), boost: 1) }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        if body != nil {
            let r = body!.blockBound(target) // non-nil: checked above
            upTo = min(upTo, r.upTo)
            if r.maxFreq > 0 { bound += ctx.bm25(.body, idf: idfBody, tf: r.maxFreq, length: r.minLength, boost: 1) }
        }
        if meta != nil {
            let r = meta!.blockBound(target) // non-nil: checked above
            upTo = min(upTo, r.upTo)
            if r.maxFreq > 0 { bound += ctx.bm25(.meta, idf: idfMeta, tf: r.maxFreq, length: r.minLength, boost: 1) }
        }
        return (upTo, bound * (1 + 1e-9)) // relative slack covers floating-point rounding
    }

    override func explain(into parts: inout [ScoreComponent]) {
        if let b = body, b.doc == doc {
            let dl = ctx.segment.docLength(doc, .body)
            parts.append(ScoreComponent(description: "\(label) in body: idf \(fmt(idfBody)) × tf \(b.freq), length \(dl)/avg \(fmt(ctx.avgLength(.body)))",
                                        value: ctx.bm25(.body, idf: idfBody, tf: b.freq, length: dl, boost: 1)))
        }
        if let m = meta, m.doc == doc {
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
