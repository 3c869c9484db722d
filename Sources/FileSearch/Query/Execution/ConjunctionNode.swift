/// AND: every `required` child matches (leapfrogging from the cheapest), no `excluded` child
/// matches, and the `optional` children (the proximity bonus) add their scores when they match.
/// Non-scoring children (filters) take part in leapfrogging, so filters narrow the candidates
/// before anything is scored.
final class ConjunctionNode: ExecNode {
    private let required: [ExecNode]
    private let excluded: [ExecNode]
    private let optional: [ExecNode]
    private let scoring: [ExecNode]

    /// `required` must not be empty.
    init(required: [ExecNode], excluded: [ExecNode], optional: [ExecNode]) {
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.optional = optional
        self.scoring = required.filter(\.scores)
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
        outer: while true {
            lead.advance(to: target)
            target = lead.doc
            if target == ExecNode.end { doc = target; return }
            for c in required.dropFirst() {
                c.advance(to: target)
                if c.doc != target {
                    target = c.doc
                    if target == ExecNode.end { doc = target; return }
                    continue outer
                }
            }
            for e in excluded {
                e.advance(to: target)
                if e.doc == target {
                    if target == ExecNode.end - 1 { doc = ExecNode.end; return }
                    target += 1 // < end: checked above
                    continue outer
                }
            }
            doc = target
            return
        }
    }

    override func score() -> Double {
        var s = 0.0
        for c in scoring { s += c.score() }
        for o in optional {
            o.advance(to: doc)
            if o.doc == doc { s += o.score() }
        }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        for c in scoring { let r = c.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound }
        for o in optional { let r = o.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound }
        return (upTo, bound)
    }

    override func explain(into parts: inout [ScoreComponent]) {
        for c in scoring { c.explain(into: &parts) }
        for o in optional {
            o.advance(to: doc)
            if o.doc == doc { o.explain(into: &parts) }
        }
    }
}
