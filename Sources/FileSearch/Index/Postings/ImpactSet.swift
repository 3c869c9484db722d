/// The competitive (freq, length) impacts of one postings block, reduced to `slots` pairs.
///
/// BM25 grows with freq and shrinks with length, so a doc is dominated by any pair with freq ≥ its
/// freq and length ≤ its length: the Pareto set of the block's pairs bounds every doc's score for
/// any k1, b and avgdl. When the set has more than `slots` pairs, the adjacent pair whose merge
/// loosens the bound least (measured with BM25's default k1 = 1.2, b = 0.75 and the segment's
/// average field length) is replaced by the pair dominating both, until `slots` remain; so the
/// bound stays correct for any parameters and is tightest for the defaults.
/// - Complexity: O(n log n + m²) per block, n ≤ 128 docs, m = Pareto set size ≤ n.
struct ImpactSet {
    static let slots = 4
    /// Ascending freqs (the last is the block's maximum) and ascending lengths (the first is the minimum).
    var freqs = [UInt32](repeating: 0, count: ImpactSet.slots)
    var lengths = [UInt32](repeating: 0, count: ImpactSet.slots)
    /// Keys `(~freq) << 32 | length`, one per distinct freq (its minimum length): ascending order =
    /// freq descending. Only the first `distinct` entries are meaningful.
    private var keys: [UInt64] = []
    private var distinct = 0
    private var pf: [UInt32] = []
    private var pl: [UInt32] = []

    /// Minimum length per freq below 64 (`UInt32.max` = none; reset after each use).
    private var small = [UInt32](repeating: .max, count: 64)

    /// Fills `keys[0..<distinct]` with each distinct freq's minimum length, sorted by freq descending.
    /// Freqs below 64 (nearly all) go to a table indexed by freq; larger ones are searched linearly
    /// among the distinct large freqs and insertion-sorted. No allocation, and faster than sorting all
    /// 128 docs.
    private mutating func distinctFreqs(_ f: [UInt32], _ l: [UInt32], _ count: Int) {
        if keys.count < count { keys = [UInt64](repeating: 0, count: count) }
        distinct = keys.withUnsafeMutableBufferPointer { k in
            small.withUnsafeMutableBufferPointer { sm in
                var present: UInt64 = 0
                var m = 0
                for i in 0..<count {
                    let fi = f[i], li = l[i]
                    if fi < 64 {
                        sm[Int(fi)] = min(sm[Int(fi)], li)
                        present |= 1 &<< UInt64(fi) // fi < 64
                        continue
                    }
                    let key = UInt64(~fi) << 32 | UInt64(li)
                    let hi = key >> 32
                    var j = 0
                    while j < m && k[j] >> 32 != hi { j += 1 }
                    if j == m { k[m] = key; m += 1 } else if key < k[j] { k[j] = key }
                }
                for i in 1..<max(m, 1) {
                    let v = k[i]
                    var j = i
                    while j > 0 && k[j - 1] > v { k[j] = k[j - 1]; j -= 1 }
                    k[j] = v
                }
                // Small freqs after the large ones, descending: their keys are all larger.
                while present != 0 {
                    let fi = 63 &- present.leadingZeroBitCount // present ≠ 0
                    present &= ~(1 &<< UInt64(fi)) // fi < 64
                    k[m] = UInt64(~UInt32(fi)) << 32 | UInt64(sm[fi])
                    sm[fi] = .max
                    m &+= 1 // m < count: one key per distinct freq
                }
                return m
            }
        }
    }

    /// Merges adjacent pairs of a Pareto set (ascending in freq and length) until `slots` remain,
    /// each time the pair whose dominating replacement (freq of the later, length of the earlier)
    /// loosens the BM25 saturation bound least.
    static func reduce(_ pf: inout [UInt32], _ pl: inout [UInt32], avgLength: Double) {
        let kb = 1.2 * 0.75 / max(avgLength, 1), k0 = 1.2 * 0.25
        @inline(__always) func sat(_ tf: UInt32, _ len: UInt32) -> Double { let t = Double(tf); return t / (t + k0 + kb * Double(len)) }
        while pf.count > slots {
            var cut = 0, loss = Double.infinity
            for j in 0..<(pf.count - 1) {
                let x = sat(pf[j + 1], pl[j]) - max(sat(pf[j], pl[j]), sat(pf[j + 1], pl[j + 1]))
                if x < loss { loss = x; cut = j }
            }
            pf[cut] = pf[cut + 1] // (freq of the later, length of the earlier) dominates both
            pf.remove(at: cut + 1)
            pl.remove(at: cut + 1)
        }
    }

    /// Replaces the pairs with the reduced Pareto set of the first `count` (≥ 1) entries.
    mutating func compute(freqs f: [UInt32], lengths l: [UInt32], count: Int, avgLength: Double) {
        distinctFreqs(f, l, count)
        pf.removeAll(keepingCapacity: true)
        pl.removeAll(keepingCapacity: true)
        var best = UInt32.max
        for k in keys[0..<distinct] where UInt32(truncatingIfNeeded: k) < best { // strictly shorter than every doc with a higher freq
            let len = UInt32(truncatingIfNeeded: k) // low half: the length
            pf.append(~UInt32(truncatingIfNeeded: k >> 32)) // high half: ~freq
            pl.append(len)
            best = len
        }
        pf.reverse(); pl.reverse() // ascending in both
        Self.reduce(&pf, &pl, avgLength: avgLength)
        for i in 0..<Self.slots {
            let k = min(i, pf.count - 1)
            freqs[i] = pf[k]
            lengths[i] = pl[k]
        }
    }
}
