import Testing
@testable import FileSearch

/// Block impacts: every (freq, length) of a block is dominated by a stored pair, pairs ascend,
/// and small Pareto sets are kept exactly.
@Suite struct ImpactSetTests {
    /// Deterministic pseudo-random generator (xorshift).
    struct Rand { var s: UInt64; mutating func next(_ n: UInt32) -> UInt32 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return UInt32(s % UInt64(n)) } }

    @Test func everyDocIsDominatedAndPairsAscend() {
        var r = Rand(s: 0x9E37_79B9_7F4A_7C15)
        var set = ImpactSet()
        for round in 0..<500 {
            let n = 1 + Int(r.next(128))
            let f = (0..<n).map { _ in 1 + r.next(round % 2 == 0 ? 5 : 300) }
            let l = (0..<n).map { _ in 1 + r.next(20_000) }
            set.compute(freqs: f, lengths: l, count: n, avgLength: 4000)
            for i in 1..<ImpactSet.slots {
                #expect(set.freqs[i] >= set.freqs[i - 1] && set.lengths[i] >= set.lengths[i - 1])
            }
            #expect(set.freqs.last == f.max())
            #expect(set.lengths.first == l.min())
            for i in 0..<n {
                let dominated = (0..<ImpactSet.slots).contains { set.freqs[$0] >= f[i] && set.lengths[$0] <= l[i] }
                #expect(dominated, "doc (\(f[i]), \(l[i])) not dominated by \(set.freqs) \(set.lengths)")
            }
        }
    }

    /// The former implementation (sort every doc by freq descending, then length ascending) as the oracle.
    static func reference(_ f: [UInt32], _ l: [UInt32], avgLength: Double) -> (freqs: [UInt32], lengths: [UInt32]) {
        let order = f.indices.sorted { f[$0] != f[$1] ? f[$0] > f[$1] : l[$0] < l[$1] }
        var pf: [UInt32] = [], pl: [UInt32] = []
        var best = UInt32.max
        for i in order where l[i] < best { pf.append(f[i]); pl.append(l[i]); best = l[i] }
        pf.reverse(); pl.reverse()
        ImpactSet.reduce(&pf, &pl, avgLength: avgLength) // unchanged step: the oracle checks the Pareto extraction
        let idx = (0..<ImpactSet.slots).map { min($0, pf.count - 1) }
        return (idx.map { pf[$0] }, idx.map { pl[$0] })
    }

    @Test func matchesFullSortReference() {
        var r = Rand(s: 0x0123_4567_89AB_CDEF)
        var set = ImpactSet()
        for round in 0..<3000 {
            let n = 1 + Int(r.next(128))
            let fMax: UInt32 = [2, 5, 40, 300, 100_000][round % 5]
            let lMax: UInt32 = [3, 50, 20_000][round % 3] // tiny ranges force ties
            let f = (0..<n).map { _ in 1 + r.next(fMax) }
            let l = (0..<n).map { _ in 1 + r.next(lMax) }
            set.compute(freqs: f, lengths: l, count: n, avgLength: [1, 400, 4000][round % 3])
            let want = Self.reference(f, l, avgLength: [1, 400, 4000][round % 3])
            #expect(set.freqs == want.freqs && set.lengths == want.lengths, "round \(round): \(set.freqs) \(set.lengths) vs \(want)")
        }
    }

    @Test func smallParetoSetIsExact() {
        var set = ImpactSet()
        // Pareto set {(1, 10), (3, 50), (9, 400)}; (2, 60) and (1, 500) are dominated.
        set.compute(freqs: [3, 1, 2, 9, 1], lengths: [50, 10, 60, 400, 500], count: 5, avgLength: 100)
        #expect(set.freqs == [1, 3, 9, 9])
        #expect(set.lengths == [10, 50, 400, 400])
    }
}
