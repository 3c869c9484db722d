/// A document-at-a-time matcher over one segment: the executable form of a `QueryNode`.
///
/// Contract: a node is created positioned on its first matching doc (`doc == ExecNode.end`
/// when none). `advance(to:)` moves to the first matching doc ≥ target and is a no-op when
/// `doc >= target`. `score()` is valid at `doc`. `blockBound(target)` returns an upper bound of
/// `score()` for every doc in `target...upTo`; `maxScore` bounds every doc.
class ExecNode {
    static let end = UInt32.max
    final var doc: UInt32 = ExecNode.end

    /// Estimated number of matches (leapfrogging starts from the cheapest child).
    var cost: Int { 0 }
    /// Upper bound of `score()` over all docs.
    var maxScore: Double { 0 }

    func advance(to target: UInt32) { fatalError("abstract") }
    func score() -> Double { 0 }
    /// Upper bound of `score()` in `target...upTo`; the default uses `maxScore` for the whole segment.
    func blockBound(_ target: UInt32) -> (upTo: UInt32, bound: Double) { (ExecNode.end, maxScore) }
    /// Appends the parts of `score()` at `doc` (for `--explain`).
    func explain(into parts: inout [ScoreComponent]) {}
    /// True when this node (or a descendant) contributes to scores.
    var scores: Bool { false }
    /// Tells the node that only docs scoring at least `theta` matter from now on (`theta` only grows).
    /// With `pruneMatches`, a node may skip matching docs it can prove score below `theta`
    /// (reporting it through `PruneState`); without, it may only skip optional scoring work.
    func raiseThreshold(_ theta: Double, pruneMatches: Bool) {}
    /// The score at `target` (0 when not matching there), for optional clauses; a node may
    /// return 0 when it can prove its score there is below `need`. Targets must ascend.
    func optionalScore(at target: UInt32, need: Double) -> Double {
        advance(to: target)
        return doc == target ? score() : 0
    }
}

/// Whether any node skipped a matching doc (the total is then a lower bound).
final class PruneState {
    var skippedMatches = false
}

/// Per-segment inputs shared by the nodes of one tree.
struct SegmentContext {
    let segment: SegmentReader
    let index: Int
    let plan: QueryPlan
    let prune: PruneState
    var params: BM25Parameters { plan.params }
    func avgLength(_ f: TextField) -> Double { plan.avgLength[Int(f.rawValue)] }

    /// `w_f · idf · saturation(tf, dl)`.
    @inline(__always) func bm25(_ f: TextField, idf: Double, tf: UInt32, length: UInt32, boost: Double) -> Double {
        boost * params.weight(f) * idf * BM25.saturation(tf: Double(tf), docLength: Double(length), avgLength: avgLength(f), params)
    }
}
