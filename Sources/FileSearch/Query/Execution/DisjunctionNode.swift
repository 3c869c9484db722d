/// OR: any child matches; the score is the sum of the matching children's scores.
///
/// MaxScore: children are ordered by `maxScore`; once the caller's threshold exceeds the summed
/// maxima of the weakest children, those become non-essential: docs are found through the
/// essential children only (a doc matching only weak children cannot compete) and the weak
/// ones are consulted per candidate. Skipped matches are reported through `PruneState`.
final class DisjunctionNode: ExecNode {
    let children: [ExecNode]
    /// prefixMax[i] = Σ maxScore of children[0..<i].
    let prefixMax: [Double]
    private var firstEssential = 0
    private let prune: PruneState

    init(children: [ExecNode], prune: PruneState) {
        let sorted = children.sorted { $0.maxScore < $1.maxScore }
        self.children = sorted
        var acc = 0.0, pm = [0.0]
        for c in sorted { acc += c.maxScore; pm.append(acc) }
        prefixMax = pm
        self.prune = prune
        super.init()
        doc = sorted.reduce(ExecNode.end) { min($0, $1.doc) }
    }

    override var cost: Int { children.reduce(0) { $0 + $1.cost } }
    override var maxScore: Double { prefixMax[children.count] }
    override var scores: Bool { children.contains { $0.scores } }

    override func advance(to target: UInt32) {
        guard doc < target else { return }
        var m = ExecNode.end
        for i in firstEssential..<children.count {
            let c = children[i]
            c.advance(to: target)
            m = min(m, c.doc)
        }
        doc = m
    }

    override func score() -> Double {
        var s = 0.0
        let d = doc
        // Always in child order, so a doc's score is bit-identical whether or not pruning is on.
        for i in children.indices {
            let c = children[i]
            if i < firstEssential { c.advance(to: d) }
            if c.doc == d { s += c.score() }
        }
        return s
    }

    override func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) {
        var upTo = ExecNode.end, bound = 0.0
        // A child positioned past `target` has no match in target..<doc (targets ascend): when that
        // gap covers the others' range it adds 0 (ranges are never shortened by it).
        var gapped = false
        for c in children where c.scores {
            if c.doc > target { gapped = true; continue }
            let r = c.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound
        }
        if gapped {
            for c in children where c.scores && c.doc > target && c.doc <= upTo {
                let r = c.blockBound(target); upTo = min(upTo, r.upTo); bound += r.bound
            }
        }
        return (upTo, bound)
    }

    override func raiseThreshold(_ t: Double, pruneMatches: Bool) {
        let total = maxScore
        for c in children where c.scores { c.raiseThreshold(t - (total - c.maxScore), pruneMatches: pruneMatches) }
        guard pruneMatches else { return }
        var f = firstEssential
        while f < children.count && prefixMax[f + 1] < t { f += 1 }
        if f > firstEssential {
            // Children before f can no longer lift a doc to t on their own.
            prune.skippedMatches = true
            firstEssential = f
        }
    }

    override func explain(into parts: inout [ScoreComponent]) {
        for c in children {
            c.advance(to: doc)
            if c.doc == doc { c.explain(into: &parts) }
        }
    }
}
