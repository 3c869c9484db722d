/// AND: every `required` child matches (leapfrogging from the cheapest), no `excluded` child
/// matches, and the `optional` children (the proximity bonus) add their scores when they match.
/// Non-scoring children (filters) take part in leapfrogging, so filters narrow the candidates
/// before anything is scored.
final class ConjunctionNode: ExecNode {
    let required: [ExecNode]
    let excluded: [ExecNode]
    let optional: [ExecNode]
    let scoring: [ExecNode]
    /// Only scores ≥ theta matter: the optional clauses are skipped when they cannot lift a doc there.
    private var theta = -Double.infinity
    let optionalMax: Double
    /// Meta gate: the union of the words' meta postings, with `bodyOnlyMax` = the most a doc
    /// without any meta match can score. Once theta exceeds it (and matches may be skipped),
    /// the gate joins the leapfrog, so only docs with a meta match are visited.
    let gate: ExecNode?
    let bodyOnlyMax: Double
    private let prune: PruneState?
    private var gateActive = false

    /// `required` must not be empty.
    init(required: [ExecNode], excluded: [ExecNode], optional: [ExecNode], gate: ExecNode? = nil, bodyOnlyMax: Double = .infinity, prune: PruneState? = nil) {
        self.gate = gate
        self.bodyOnlyMax = bodyOnlyMax
        self.prune = prune
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.optional = optional
        self.scoring = required.filter(\.scores)
        self.optionalMax = optional.reduce(0) { $0 + $1.maxScore }
        super.init()
        doc = 0
        seek(0)
    }

    override var cost: Int { required.first?.cost ?? 0 }
    override var maxScore: Double { scoring.reduce(0) { $0 + $1.maxScore } + optional.reduce(0) { $0 + $1.maxScore } }
    override var scores: Bool { !scoring.isEmpty || !optional.isEmpty }

    override func advance(to target: UInt32) {
        guard doc < target else { return }
        seek(target)
    }

    private func seek(_ start: UInt32) {
        var target = start
        let lead = required[0]
        let n = required.count, ne = excluded.count
        outer: while true {
            if gateActive, let g = gate {
                g.advance(to: target)
                target = g.doc
                if target == ExecNode.end { doc = target; return }
            }
            lead.advance(to: target)
            target = lead.doc
            if target == ExecNode.end { doc = target; return }
            var i = 1
            while i < n {
                let c = required[i]
                c.advance(to: target)
                if c.doc != target {
                    target = c.doc
                    if target == ExecNode.end { doc = target; return }
                    continue outer
                }
                i += 1
            }
            var k = 0
            while k < ne {
                let e = excluded[k]
                e.advance(to: target)
                if e.doc == target {
                    if target == ExecNode.end - 1 { doc = ExecNode.end; return }
                    target += 1 // < end: checked above
                    continue outer
                }
                k += 1
            }
            doc = target
            return
        }
    }

    override func score() -> Double {
        var s = 0.0
        var i = 0
        while i < scoring.count { s += scoring[i].score(); i += 1 }
        if s + optionalMax < theta { return s } // not competitive whatever the optional clauses add
        var rest = optionalMax
        for o in optional {
            rest -= o.maxScore
            s += o.optionalScore(at: doc, need: theta - s - rest)
        }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        for c in scoring { let r = c.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound }
        for o in optional { let r = o.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound }
        return (upTo, bound)
    }

    override func raiseThreshold(_ t: Double, pruneMatches: Bool) {
        theta = max(theta, t)
        if pruneMatches && gate != nil && !gateActive && theta > bodyOnlyMax * (1 + 1e-9) { // slack: rounding
            gateActive = true
            prune?.skippedMatches = true
        }
        let total = scoring.reduce(0) { $0 + $1.maxScore } + optionalMax
        for c in scoring { c.raiseThreshold(t - (total - c.maxScore), pruneMatches: pruneMatches) }
    }

    override func explain(into parts: inout [ScoreComponent]) {
        for c in scoring { c.explain(into: &parts) }
        for o in optional {
            o.advance(to: doc)
            if o.doc == doc { o.explain(into: &parts) }
        }
    }
}
