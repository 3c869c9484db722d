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
    /// Leapfrog order: cheapest group first.
    private let order: [Int]
    private(set) var doc: UInt32 = ExecNode.end
    /// Phrase matches at `doc`.
    private(set) var freq: UInt32 = 0
    let cost: Int

    init?(segment: SegmentReader, field: TextField, memberLists: [[[UInt8]]], slop: Int) {
        var gs: [GroupCursor] = []
        for m in memberLists {
            let cs = m.compactMap { segment.postings(field, $0, positions: true) }
            if cs.isEmpty { return nil }
            gs.append(GroupCursor(cursors: cs, positions: true, length: { segment.docLength($0, field) }))
        }
        groups = gs
        self.slop = slop
        positions = gs.map { _ in [] }
        order = gs.indices.sorted { gs[$0].cost < gs[$1].cost }
        cost = gs.map(\.cost).min() ?? 0
        doc = 0
        seek(0)
    }

    mutating func advance(to target: UInt32) {
        guard doc < target else { return }
        seek(target)
    }

    /// First doc ≥ target where the phrase matches.
    private mutating func seek(_ start: UInt32) {
        var target = start
        outer: while true {
            let lead = order[0]
            groups[lead].advance(to: target)
            target = groups[lead].doc
            if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
            for k in order.dropFirst() {
                groups[k].advance(to: target)
                if groups[k].doc != target {
                    target = groups[k].doc
                    if target == ExecNode.end { doc = ExecNode.end; freq = 0; return }
                    continue outer
                }
            }
            let f = countMatches()
            if f > 0 { doc = target; freq = f; return }
            if target == ExecNode.end - 1 { doc = ExecNode.end; freq = 0; return }
            target += 1 // < end: checked above
        }
    }

    /// Upper bound of `freq` for docs in `target...upTo`: the smallest per-group max frequency.
    mutating func blockBound(_ target: UInt32) -> (upTo: UInt32, maxFreq: UInt32, minLength: UInt32) {
        var upTo = ExecNode.end, f = UInt32.max, len: UInt32 = 0
        for i in groups.indices {
            let r = groups[i].blockBound(target)
            upTo = min(upTo, r.upTo)
            f = min(f, r.maxFreq)
            len = max(len, r.minLength) // every group occurs in a matching doc: its length ≥ each group's block minimum
        }
        return (upTo, f == .max ? 0 : f, len)
    }

    private mutating func countMatches() -> UInt32 {
        for i in groups.indices { groups[i].positions(into: &positions[i], scratch: &scratch) }
        return PhraseMatcher.count(positions, slop: slop)
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
