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
    /// Sort keys `(~freq) << 32 | length`: ascending order = freq descending, then length ascending.
    private var keys: [UInt64] = []
    private var pf: [UInt32] = []
    private var pl: [UInt32] = []

    /// Shell sort gaps (Ciura's sequence, enough for 128 keys).
    private static let gaps = [57, 23, 10, 4, 1]

    /// Sorts ascending in place (Shell sort: no allocation, fast for the ≤ 128 keys of a block).
    static func shellSort(_ a: UnsafeMutableBufferPointer<UInt64>) {
        for gap in gaps where gap < a.count {
            for i in gap..<a.count {
                let v = a[i]
                var j = i
                while j >= gap && a[j - gap] > v { a[j] = a[j - gap]; j -= gap }
                a[j] = v
            }
        }
    }

    /// Replaces the pairs with the reduced Pareto set of the first `count` (≥ 1) entries.
    mutating func compute(freqs f: [UInt32], lengths l: [UInt32], count: Int, avgLength: Double) {
        keys.removeAll(keepingCapacity: true)
        for i in 0..<count { keys.append(UInt64(~f[i]) << 32 | UInt64(l[i])) }
        // Equal keys are equal pairs, so the (unspecified) order among them cannot change the result.
        keys.withUnsafeMutableBufferPointer { Self.shellSort($0) }
        pf.removeAll(keepingCapacity: true)
        pl.removeAll(keepingCapacity: true)
        var best = UInt32.max
        for k in keys where UInt32(truncatingIfNeeded: k) < best { // strictly shorter than every doc with a higher freq
            let len = UInt32(truncatingIfNeeded: k) // low half: the length
            pf.append(~UInt32(truncatingIfNeeded: k >> 32)) // high half: ~freq
            pl.append(len)
            best = len
        }
        pf.reverse(); pl.reverse() // ascending in both
        while pf.count > Self.slots {
            var cut = 0, loss = Double.infinity
            let kb = 1.2 * 0.75 / max(avgLength, 1), k0 = 1.2 * 0.25
            @inline(__always) func sat(_ tf: UInt32, _ len: UInt32) -> Double { let t = Double(tf); return t / (t + k0 + kb * Double(len)) }
            for j in 0..<(pf.count - 1) {
                let x = sat(pf[j + 1], pl[j]) - max(sat(pf[j], pl[j]), sat(pf[j + 1], pl[j + 1]))
                if x < loss { loss = x; cut = j }
            }
            // (freq of the later, length of the earlier) dominates both
            pf[cut] = pf[cut + 1]
            pf.remove(at: cut + 1)
            pl.remove(at: cut + 1)
        }
        for i in 0..<Self.slots {
            let k = min(i, pf.count - 1)
            freqs[i] = pf[k]
            lengths[i] = pl[k]
        }
    }
}
