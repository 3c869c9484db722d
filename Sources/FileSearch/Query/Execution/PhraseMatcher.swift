/// Phrase matching in one field of one segment: a conjunction of term groups (with positions)
/// whose positions line up.
///
/// Semantics (the tests' oracle implements the same):
/// - slop 0: a match at each position `p` of the first word with word `i` at `p + i`.
/// - slop s > 0 (`"a b"~s`, `a NEAR/s b`): a match at each position `p` of the first word such that
///   every other word occurs at some position `q ≠ p` with `|q − p| ≤ (n − 1) + s`, in any order.
/// `freq` is the number of matches. Block boundaries skip a position, so phrases never cross them.
struct PhraseMatcher {
    private var groups: [GroupCursor]
    private let slop: Int
    private var positions: [[UInt32]]
    private var scratch: [UInt32] = []
    private var starts: [UInt32] = []
    /// Leapfrog order: cheapest group first.
    private let order: [Int]
    private(set) var doc: UInt32 = ExecNode.end
    /// Phrase matches at `doc`.
    private(set) var freq: UInt32 = 0
    let cost: Int
    private let segment: SegmentReader
    private let field: TextField
    /// Candidates whose score bound is below this are skipped without reading positions.
    private var pruneScore = -Double.infinity
    /// Folded BM25 constants of the bound: `c1·f/(f + kb0 + kb1·dl)`.
    private var pruneC1 = 0.0
    private var pruneKb0 = 0.0
    private var pruneKb1 = 0.0
    private var pruneBlockUpTo: UInt32 = 0
    private var pruneBlockValid = false
    private var pruneBlockOK = true
    private var pruneState: PruneState?
    /// Filters of the enclosing conjunction: a candidate must match them too before its positions
    /// are read (two-phase matching: positions are the costly phase). Owned by this matcher alone.
    var gates: [ExecNode] = [] {
        didSet {
            gates.sort { $0.cost < $1.cost }
            leadGate = gates.first.flatMap { $0.cost < groups[order[0]].cost ? $0 : nil }
        }
    }
    /// The cheapest gate when it is cheaper than the rarest word: it leads the leapfrog.
    private var leadGate: ExecNode?

    /// True while `doc` is a placeholder (created with `seekFirst: false`): the next `advance`
    /// seeks whatever its target.
    private var pending = false

    /// - Parameters:
    ///   - cursorLists: per word, cursors (opened with positions) over its group's members.
    ///   - lists: per word, its stem group's list when it has one (empty: none): docs are leapfrogged
    ///     in the list, and the members are read only for the positions of candidates.
    ///   - seekFirst: position on the first match now (false: an optional clause that is only asked
    ///     `approximate`/`verify`; finding the first match could read every co-occurrence's
    ///     positions when the phrase is rare).
    init?(segment: SegmentReader, field: TextField, cursorLists: [[PostingsCursor]], lists: [PostingsCursor?] = [],
          slop: Int, seekFirst: Bool = true) {
        var gs: [GroupCursor] = []
        for (w, cs) in cursorLists.enumerated() {
            if cs.isEmpty { return nil }
            if w < lists.count, let list = lists[w] {
                gs.append(GroupCursor(list: list, members: cs))
            } else {
                gs.append(GroupCursor(cursors: cs, positions: true, length: { segment.docLength($0, field) }))
            }
        }
        groups = gs
        self.segment = segment
        self.field = field
        self.slop = slop
        positions = gs.map { _ in [] }
        order = gs.indices.sorted { gs[$0].cost < gs[$1].cost }
        cost = gs.map(\.cost).min() ?? 0
        doc = 0
        if seekFirst { seek(0) } else { pending = true }
    }

    mutating func advance(to target: UInt32) {
        guard doc < target || pending else { return }
        pending = false
        seek(target)
    }

    /// Seeks again from the current doc (after `gates` changed).
    mutating func restart() {
        guard doc != ExecNode.end, !pending else { return } // pending: the next advance seeks anyway
        seek(doc)
    }

    /// First doc ≥ target where the phrase matches.
    private mutating func seek(_ start: UInt32) {
        var target = start
        outer: while true {
            if let g = leadGate {
                g.advance(to: target)
                target = g.doc
                if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
            }
            let lead = order[0]
            groups[lead].advance(to: target)
            target = groups[lead].doc
            if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
            if pruneScore > 0 {
                // Skip whole blocks whose bound cannot reach the bar.
                let b = blockCompetitive(target)
                if !b.ok {
                    pruneState?.skippedMatches = true
                    if b.upTo >= ExecNode.end - 1 { doc = ExecNode.end; freq = 0; return }
                    target = b.upTo + 1 // < end: checked above
                    continue outer
                }
            }
            var q = 0
            while q < gates.count {
                let gate = gates[q]
                gate.advance(to: target)
                if gate.doc != target {
                    target = gate.doc
                    if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
                    continue outer
                }
                q += 1
            }
            var k = 1
            while k < order.count {
                let g = order[k]
                groups[g].advance(to: target)
                if groups[g].doc != target {
                    target = groups[g].doc
                    if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
                    continue outer
                }
                k += 1
            }
            if pruneScore > 0 && !competitive(target) {
                pruneState?.skippedMatches = true // a possible match was not verified
                if target == ExecNode.end - 1 { doc = ExecNode.end; freq = 0; return }
                target += 1 // < end: checked above
                continue outer
            }
            let f = countMatches()
            if f > 0 { doc = target; freq = f; return }
            if target == ExecNode.end - 1 { doc = ExecNode.end; freq = 0; return }
            target += 1 // < end: checked above
        }
    }

    /// Upper bound of `freq` for docs in `target...upTo` and the smallest field length there.
    mutating func blockBound(_ target: UInt32) -> (upTo: UInt32, maxFreq: UInt32, minLength: UInt32) {
        var upTo = ExecNode.end, f = UInt32.max, len: UInt32 = 0
        for i in groups.indices {
            let r = groups[i].blockBound(target)
            upTo = min(upTo, r.upTo)
            // slop 0: matches ≤ every word's frequency; slop > 0: only ≤ the first word's.
            if slop == 0 || i == 0 { f = min(f, r.maxFreq) }
            len = max(len, r.minLength) // every group occurs in a matching doc: its length ≥ each group's block minimum
        }
        return (upTo, f == .max ? 0 : f, len)
    }

    /// Moves every word to `target`; returns an upper bound of the phrase matches there when all
    /// words occur in it, nil otherwise. (Optional-clause use; `doc` is not maintained.)
    mutating func approximate(_ target: UInt32) -> UInt32? {
        for i in groups.indices {
            groups[i].advance(to: target)
            if groups[i].doc != target { return nil }
        }
        var f = groups[0].freq
        if slop == 0 { for g in groups.dropFirst() { f = min(f, g.freq) } }
        return f
    }

    /// Phrase matches at the doc `approximate` just accepted.
    mutating func verify() -> UInt32 { countMatches() }

    /// From now on, skip candidates scoring below `score` (`scale` = boost · weight · idf).
    mutating func pruneBelow(_ score: Double, scale: Double, avgLength: Double, params: BM25Parameters, state: PruneState) {
        pruneScore = max(pruneScore, score)
        pruneC1 = scale * (params.k1 + 1)
        pruneKb0 = params.k1 * (1 - params.b)
        pruneKb1 = avgLength > 0 ? params.k1 * params.b / avgLength : 0
        pruneBlockValid = false // re-evaluate the current block against the new bar
        pruneState = state
    }

    /// Whether the candidate at `target` (all groups there) could reach `pruneScore`: phrase
    /// matches ≤ the smallest group frequency (slop 0) or the first group's frequency (slop > 0).
    /// Division-free form of `c1·f/(f + kb0 + kb1·dl) ≥ pruneScore`. (`mutating` only so that the
    /// call from `seek` passes `self` in place: a non-mutating call copied the whole matcher first.)
    private mutating func competitive(_ target: UInt32) -> Bool {
        var f = groups[0].freq
        if slop == 0 {
            var i = 1
            while i < groups.count { f = min(f, groups[i].freq); i += 1 }
        }
        let t = Double(f)
        return pruneC1 * t * (1 + 1e-9) >= pruneScore * (t + pruneKb0 + pruneKb1 * Double(segment.docLength(target, field))) // slack: rounding
    }

    /// Whether any doc of the block holding `target` could reach `pruneScore`; caches the block.
    private mutating func blockCompetitive(_ target: UInt32) -> (ok: Bool, upTo: UInt32) {
        if target > pruneBlockUpTo || !pruneBlockValid {
            let r = blockBound(target)
            pruneBlockUpTo = r.upTo
            pruneBlockValid = true
            let t = Double(r.maxFreq)
            pruneBlockOK = r.maxFreq > 0 && pruneC1 * t * (1 + 1e-9) >= pruneScore * (t + pruneKb0 + pruneKb1 * Double(r.minLength)) // slack: rounding
        }
        return (pruneBlockOK, pruneBlockUpTo)
    }

    /// Phrase matches at the current doc. Slop 0 reads positions lazily, rarest word first, and
    /// stops as soon as no start position survives (a common word's positions are often never read).
    private mutating func countMatches() -> UInt32 {
        if slop > 0 || groups.count < 2 {
            for i in groups.indices { groups[i].positions(into: &positions[i], scratch: &scratch) }
            return PhraseMatcher.count(positions, slop: slop)
        }
        // Candidate phrase starts from the rarest word, filtered by each next word.
        let first = order[0]
        groups[first].positions(into: &starts, scratch: &scratch)
        var w = 0
        for r in starts.indices where starts[r] >= UInt32(first) { starts[w] = starts[r] - UInt32(first); w += 1 } // ≥ offset: no underflow
        starts.removeLast(starts.count - w)
        for k in order.dropFirst() {
            if starts.isEmpty { return 0 }
            groups[k].positions(into: &positions[k], scratch: &scratch)
            let list = positions[k]
            let off = UInt32(k)
            var j = 0, kept = 0
            for r in starts.indices {
                let s = starts[r]
                let want = s + off // start + offset < 2^32: positions fit UInt32
                while j < list.count && list[j] < want { j += 1 }
                if j == list.count { break }
                if list[j] == want { starts[kept] = s; kept += 1 }
            }
            starts.removeLast(starts.count - kept)
        }
        return UInt32(starts.count)
    }

    /// Matches of the phrase given each word's ascending positions in one document.
    static func count(_ pos: [[UInt32]], slop: Int) -> UInt32 {
        let n = pos.count
        guard n > 0, let first = pos.first else { return 0 }
        var ptr = [Int](repeating: 0, count: n)
        var matches: UInt32 = 0
        if slop == 0 {
            for p in first {
                var ok = true
                for i in 1..<n {
                    let want = p + UInt32(i) // positions < 2^31 in practice; a phrase is short
                    let list = pos[i]
                    while ptr[i] < list.count && list[ptr[i]] < want { ptr[i] += 1 }
                    if ptr[i] >= list.count { return matches }
                    if list[ptr[i]] != want { ok = false; break }
                }
                if ok { matches += 1 }
            }
            return matches
        }
        let w = Int64(n - 1 + slop)
        for p in first {
            var ok = true
            for i in 1..<n {
                let list = pos[i]
                while ptr[i] < list.count && Int64(list[ptr[i]]) < Int64(p) - w { ptr[i] += 1 }
                var j = ptr[i]
                var found = false
                while j < list.count && Int64(list[j]) <= Int64(p) + w {
                    if list[j] != p { found = true; break }
                    j += 1
                }
                if !found { ok = false; break }
            }
            if ok { matches += 1 }
        }
        return matches
    }
}
