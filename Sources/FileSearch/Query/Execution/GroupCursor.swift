/// The union of the postings of one term group (stem variants, prefix expansions or one exact
/// term) in one field of one segment: behaves like the postings of a single virtual term whose
/// frequency is the sum of its members' and whose positions are the merge of theirs.
///
/// - Complexity: `advance`/`next` cost O(members) per step; large groups without positions
///   (`materializeThreshold` members or more) are merged once into arrays instead.
struct GroupCursor {
    static let end = UInt32.max
    /// Groups with at least this many members (prefix queries) are materialized.
    static let materializeThreshold = 9
    /// Groups with more members use the loose block bound (summed maximum freqs at the smallest
    /// length): measured faster than the exact multi-member impact bound, whose cost per range
    /// outweighs the extra skipping.
    static let exactImpactMembers = 1

    private var cursors: [PostingsCursor]
    /// With a stem group's list: `cursors` is that list alone (docs and summed freqs) and these are
    /// the members, read only for positions (moved to the current doc when asked); else empty.
    private var positionMembers: [PostingsCursor] = []
    /// Merge buffer of `positions(into:scratch:)` (kept to reuse its capacity).
    private var merged: [UInt32] = []
    /// Materialized form: ascending docs and their summed frequencies.
    private var mDocs: [UInt32] = []
    private var mFreqs: [UInt32] = []
    private var mIndex = 0
    private let materialized: Bool
    /// Largest summed frequency and smallest doc length of the materialized form (its block-max data).
    private var mMaxFreq: UInt32 = 0
    private var mMinLength: UInt32 = 0
    /// The last `blockScoreBound` answer: `cacheBound` bounds every doc in cacheFrom...cacheUpTo.
    private var cacheFrom: UInt32 = 1
    private var cacheUpTo: UInt32 = 0
    private var cacheBound = 0.0

    private(set) var doc: UInt32 = GroupCursor.end
    /// Sum of `docFreq` of the members (upper bound of this group's matches in the segment).
    let cost: Int

    /// - Parameters:
    ///   - mayMaterialize: allow merging into arrays (prefix groups; stem groups are small and
    ///     stay lazy, so a common word's postings are never all decoded up front).
    ///   - length: doc length of the field (for the materialized block bound).
    init(cursors: [PostingsCursor], positions: Bool, mayMaterialize: Bool = false, length: (UInt32) -> UInt32) {
        self.cost = cursors.reduce(0) { $0 + $1.docFreq }
        if mayMaterialize && cursors.count >= Self.materializeThreshold && !positions {
            materialized = true
            var pairs: [(UInt32, UInt32)] = []
            pairs.reserveCapacity(cost)
            for var c in cursors {
                while c.doc != Self.end { pairs.append((c.doc, c.freq)); c.next() }
            }
            pairs.sort { $0.0 < $1.0 }
            var minLen = UInt32.max
            for (d, f) in pairs {
                if let last = mDocs.last, last == d { mFreqs[mFreqs.count - 1] += f } else {
                    mDocs.append(d); mFreqs.append(f)
                    minLen = min(minLen, length(d))
                }
            }
            mMaxFreq = mFreqs.max() ?? 0
            mMinLength = minLen
            self.cursors = []
            doc = mDocs.first ?? Self.end
        } else {
            materialized = false
            self.cursors = cursors
            doc = cursors.reduce(Self.end) { min($0, $1.doc) }
        }
    }

    /// A group read through its stem group list (`list`, no positions) whose positions come from
    /// `members` (opened with positions): docs are found in the one list, and the members are
    /// moved only to docs whose positions are asked for.
    init(list: PostingsCursor, members: [PostingsCursor]) {
        cost = list.docFreq
        materialized = false
        cursors = [list]
        positionMembers = members
        doc = list.doc
    }

    /// Moves to the first doc ≥ `target` (no-op when already there).
    @inline(__always) mutating func advance(to target: UInt32) {
        guard doc < target else { return }
        if materialized {
            // Galloping search forward from the current index.
            var lo = mIndex, step = 1
            while lo + step < mDocs.count && mDocs[lo + step] < target { lo += step; step <<= 1 }
            var hi = min(lo + step, mDocs.count)
            while lo < hi { let mid = (lo + hi) >> 1; if mDocs[mid] < target { lo = mid + 1 } else { hi = mid } }
            mIndex = lo
            doc = lo < mDocs.count ? mDocs[lo] : Self.end
            return
        }
        if cursors.count == 1 { cursors[0].advance(to: target); doc = cursors[0].doc; return }
        var m = Self.end
        for i in cursors.indices {
            cursors[i].advance(to: target)
            m = min(m, cursors[i].doc)
        }
        doc = m
    }

    /// Calls `visit(doc, freq)` for every member posting with `from ≤ doc ≤ through`, member by
    /// member (so a doc in several members is visited once per member, each with its own freq, and
    /// docs ascend only within a member), then leaves the group on its first doc > `through`.
    /// Requires `through < UInt32.max`; `from` must not be below an earlier `from`.
    @inline(__always)
    mutating func forEachPosting(from: UInt32, through: UInt32, _ visit: (UInt32, UInt32) -> Void) {
        if materialized {
            advance(to: from)
            var i = mIndex
            let n = mDocs.count
            mDocs.withUnsafeBufferPointer { d in
                mFreqs.withUnsafeBufferPointer { f in
                    while i < n && d[i] <= through { visit(d[i], f[i]); i &+= 1 } // i < n
                }
            }
            mIndex = i
            doc = i < n ? mDocs[i] : Self.end
            return
        }
        var m = Self.end
        for i in cursors.indices {
            cursors[i].advance(to: from)
            cursors[i].forEach(through: through, visit)
            m = min(m, cursors[i].doc)
        }
        doc = m
    }

    /// Summed frequency of the members at the current doc.
    @inline(__always) var freq: UInt32 {
        if materialized { return mFreqs[mIndex] }
        if cursors.count == 1 { return cursors[0].freq }
        var f: UInt32 = 0
        for i in cursors.indices where cursors[i].doc == doc { f += cursors[i].freq }
        return f
    }

    /// Replaces `out` with the ascending, de-duplicated positions of the members at the current doc.
    mutating func positions(into out: inout [UInt32], scratch: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        if !positionMembers.isEmpty {
            for i in positionMembers.indices { positionMembers[i].advance(to: doc) }
            Self.mergePositions(&positionMembers, doc, into: &out, scratch: &scratch, merged: &merged)
            return
        }
        if cursors.count == 1 { cursors[0].positions(into: &out); return }
        Self.mergePositions(&cursors, doc, into: &out, scratch: &scratch, merged: &merged)
    }

    /// Replaces `out` (empty) with the ascending, de-duplicated positions at `doc` of the cursors on it.
    private static func mergePositions(_ cursors: inout [PostingsCursor], _ doc: UInt32, into out: inout [UInt32],
                                       scratch: inout [UInt32], merged: inout [UInt32]) {
        var n = 0
        for i in cursors.indices where cursors[i].doc == doc {
            scratch.removeAll(keepingCapacity: true)
            cursors[i].positions(into: &scratch)
            if n == 0 { swap(&out, &scratch) } else {
                Self.mergeUnique(out, scratch, into: &merged)
                swap(&out, &merged)
            }
            n += 1
        }
    }

    /// Replaces `out` with `a` ∪ `b` (both ascending, `a` de-duplicated); a position in both counts
    /// once (stacked compound parts). `out` keeps its capacity: no allocation once it is large enough.
    static func mergeUnique(_ a: [UInt32], _ b: [UInt32], into out: inout [UInt32]) {
        let na = a.count, nb = b.count
        if out.count < na + nb { out.append(contentsOf: repeatElement(0, count: na + nb - out.count)) }
        let k = out.withUnsafeMutableBufferPointer { o in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var i = 0, j = 0, k = 0 // k ≤ i + j ≤ na + nb ≤ o.count
                    while i < na && j < nb {
                        let x = pa[i], y = pb[j]
                        o[k] = x < y ? x : y
                        if x <= y { i &+= 1 } // i < na
                        if y <= x { j &+= 1 } // j < nb
                        k &+= 1 // as above
                    }
                    while i < na { o[k] = pa[i]; i &+= 1; k &+= 1 } // as above
                    while j < nb { o[k] = pb[j]; j &+= 1; k &+= 1 } // as above
                    return k
                }
            }
        }
        out.removeLast(out.count - k)
    }

    /// Upper bounds for the docs from `target` to the returned `upTo` (inclusive):
    /// the largest summed frequency and the smallest field length there.
    mutating func blockBound(_ target: UInt32) -> (upTo: UInt32, maxFreq: UInt32, minLength: UInt32) {
        if materialized { return (Self.end, mMaxFreq, mMinLength) }
        var upTo = Self.end, f: UInt32 = 0, len = UInt32.max
        for i in cursors.indices {
            let last = cursors[i].shallowAdvance(to: target)
            guard last != Self.end || cursors[i].doc != Self.end else { continue } // exhausted member
            upTo = min(upTo, last)
            f += cursors[i].blockMaxFreq
            len = min(len, cursors[i].blockMinLength)
        }
        return (upTo, f, len)
    }

    /// Upper bound of `scorer.score(freq, length)` for the docs from `target` to the returned
    /// `upTo` (inclusive), from the members' competitive (freq, length) pairs: a doc of length ℓ
    /// has, in each member, a freq at most that of the member's last pair with length ≤ ℓ; so
    /// the bound is the maximum over the pairs' lengths ℓ of score(Σ member bounds at ℓ, ℓ).
    /// `bound` is 0 when no member has a doc there.
    mutating func blockScoreBound(_ target: UInt32, _ scorer: FieldScorer) -> (upTo: UInt32, bound: Double) {
        // The last answer holds for every doc of its range (one scorer per group).
        if target >= cacheFrom && target <= cacheUpTo { return (cacheUpTo, cacheBound) }
        var r: (upTo: UInt32, bound: Double)
        if materialized {
            r = (Self.end, mMaxFreq > 0 ? scorer.score(tf: mMaxFreq, length: mMinLength) : 0)
        } else {
            r = impactBound(target, scorer)
        }
        cacheFrom = target
        cacheUpTo = r.upTo
        cacheBound = r.bound
        return r
    }

    private mutating func impactBound(_ target: UInt32, _ scorer: FieldScorer) -> (upTo: UInt32, bound: Double) {
        let k = PostingsCursor.impactCount
        var upTo = Self.end
        for i in cursors.indices {
            // An exhausted member (shallowly past its end) reports the pair (0, max): it adds nothing.
            let last = cursors[i].shallowAdvance(to: target)
            if last != Self.end || cursors[i].doc != Self.end { upTo = min(upTo, last) }
        }
        var best = 0.0
        if cursors.count == 1 {
            for j in 0..<k {
                let p = cursors[0].blockImpact(j)
                if p.freq > 0 { best = max(best, scorer.score(tf: p.freq, length: p.length)) }
            }
            return (upTo, best)
        }
        let n = cursors.count * k
        if cursors.count > Self.exactImpactMembers {
            // Several members: the loose bound (summed maximum freqs at the smallest length).
            var f: UInt32 = 0, len = UInt32.max
            for i in cursors.indices {
                f += cursors[i].blockImpact(k - 1).freq
                len = min(len, cursors[i].blockImpact(0).length)
            }
            return (upTo, f > 0 ? scorer.score(tf: f, length: len) : 0)
        }
        withUnsafeTemporaryAllocation(of: (freq: UInt32, length: UInt32).self, capacity: n) { pairs in
            for i in cursors.indices { for j in 0..<k { pairs[i * k + j] = cursors[i].blockImpact(j) } }
            for c in 0..<n {
                let len = pairs[c].length
                if len == .max { continue }
                var f: UInt32 = 0
                var m = 0
                while m < n { // member bound at len: freq of its last pair with length ≤ len (pairs ascend)
                    var fm: UInt32 = 0
                    for q in 0..<k where pairs[m + q].length <= len { fm = pairs[m + q].freq }
                    f += fm
                    m += k
                }
                if f > 0 { best = max(best, scorer.score(tf: f, length: len)) }
            }
        }
        return (upTo, best)
    }
}
