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

    @Test func smallParetoSetIsExact() {
        var set = ImpactSet()
        // Pareto set {(1, 10), (3, 50), (9, 400)}; (2, 60) and (1, 500) are dominated.
        set.compute(freqs: [3, 1, 2, 9, 1], lengths: [50, 10, 60, 400, 500], count: 5, avgLength: 100)
        #expect(set.freqs == [1, 3, 9, 9])
        #expect(set.lengths == [10, 50, 400, 400])
    }
}
