/// OR: any child matches; the score is the sum of the matching children's scores.
final class DisjunctionNode: ExecNode {
    private let children: [ExecNode]

    init(children: [ExecNode]) {
        self.children = children
        super.init()
        doc = children.reduce(ExecNode.end) { min($0, $1.doc) }
    }

    override var cost: Int { children.reduce(0) { $0 + $1.cost } }
    override var maxScore: Double { children.reduce(0) { $0 + $1.maxScore } }
    override var scores: Bool { children.contains { $0.scores } }

    override func advance(to target: UInt32) {
        guard doc < target else { return }
        var m = ExecNode.end
        for c in children {
            c.advance(to: target)
            m = min(m, c.doc)
        }
        doc = m
    }

    override func score() -> Double {
        var s = 0.0
        for c in children where c.doc == doc { s += c.score() }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        for c in children where c.scores { let r = c.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound }
        return (upTo, bound)
    }

    override func explain(into parts: inout [ScoreComponent]) {
        for c in children where c.doc == doc { c.explain(into: &parts) }
    }
}
