import Testing
@testable import FileSearch

/// Batched interning with the hot-term cache (`TermHashMap.stage`/`flushStaged`) against plain
/// token-by-token `intern`: the same ids for the same terms (first-seen order), the same counts, and
/// every term's log entries (positions) in the same order — through table growth, cache evictions,
/// terms of every length class and document boundaries.
@Suite struct TermHashMapTests {
    /// A token stream: a hot vocabulary (more short terms than cache entries, so entries collide and
    /// are replaced), a long tail of one-off short terms (the table grows many times), 8–64-byte
    /// terms (staged, confirmed against the arena) and terms over 64 bytes (interned directly).
    static func tokens(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = PositionCodecTests.Rng(s: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789'".utf8)
        func word(_ n: Int) -> [UInt8] { (0..<n).map { _ in letters[Int(rng.next() % UInt64(letters.count))] } }
        let hot = (0..<(TermHashMap.cacheEntries + 3000)).map { i in word(1 + i % 7) }
        let longs = (0..<500).map { i in word(8 + i % 57) }
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let r = rng.next() % 100
            if r < 70 { // Zipf-like: low indices far more often
                let a = Int(rng.next() % UInt64(hot.count)), b = Int(rng.next() % UInt64(hot.count))
                out.append(hot[min(a, b) / (1 + Int(rng.next() % 8))])
            } else if r < 85 {
                out.append(word(1 + Int(rng.next() % 7)))
            } else if r < 98 {
                out.append(longs[Int(rng.next() % UInt64(longs.count))])
            } else {
                out.append(word(65 + Int(rng.next() % 40)))
            }
        }
        return out
    }

    /// Per term bytes: its id, count and log positions, from `map` after `log` was filled.
    static func summary(_ map: TermHashMap, _ log: RawVector<UInt64>) -> [[UInt8]: (id: Int, count: UInt32, positions: [UInt32])] {
        map.collectCounts()
        var out: [[UInt8]: (id: Int, count: UInt32, positions: [UInt32])] = [:]
        for id in 0..<map.count {
            out[map.withTerm(id) { Array($0) }] = (id, map.counts[id], [])
        }
        var byID = [[UInt32]](repeating: [], count: map.count)
        for k in 0..<log.count { byID[Int(log[k] >> 32)].append(UInt32(truncatingIfNeeded: log[k])) }
        for (term, e) in out { out[term] = (e.id, e.count, byID[e.id]) }
        return out
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func stagedInterningEqualsTokenByToken(seed: UInt64) {
        let stream = Self.tokens(count: 120_000, seed: seed)
        // Each term in a buffer with 8 bytes of slack (the `Token` contract `stage` relies on).
        let padded = stream.map { $0 + [UInt8](repeating: 0xAB, count: 8) }

        let reference = TermHashMap(capacity: 4), refLog = RawVector<UInt64>()
        let staged = TermHashMap(capacity: 4), log = RawVector<UInt64>()
        var docEnds: [Int] = []
        for (k, t) in padded.enumerated() {
            let n = stream[k].count
            t.withUnsafeBytes { raw in
                let term = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                refLog.append(UInt64(reference.intern(term)) << 32 | UInt64(k))
                staged.stage(term, position: UInt32(k), into: log)
            }
            if k % 997 == 996 { // a document ends: everything staged is logged
                staged.flushStaged(into: log)
                docEnds.append(log.count)
                #expect(log.count == k + 1)
            }
        }
        staged.flushStaged(into: log)
        #expect(log.count == stream.count)

        let want = Self.summary(reference, refLog), got = Self.summary(staged, log)
        #expect(staged.count == reference.count)
        #expect(got.count == want.count)
        var mismatches = 0
        for (term, w) in want {
            guard let g = got[term] else { mismatches += 1; continue }
            if g.id != w.id || g.count != w.count || g.positions != w.positions { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(want.count) terms differ")
        // Document boundaries: every entry logged before a boundary belongs to a token before it.
        var start = 0
        for end in docEnds {
            let positions = (start..<end).map { Int(UInt32(truncatingIfNeeded: log[$0])) }
            #expect(Set(positions) == Set(start..<end))
            start = end
        }
        // The stream exercised what it is meant to: many short terms, growth beyond the cache size.
        #expect(reference.count > 2 * TermHashMap.cacheEntries)
    }

    @Test func resetKeepsNoCachedTerm() {
        let map = TermHashMap(capacity: 4), log = RawVector<UInt64>()
        let bytes = Array("hot".utf8) + [UInt8](repeating: 0, count: 8)
        bytes.withUnsafeBytes { raw in
            let term = UnsafeRawBufferPointer(rebasing: raw[0..<3])
            for p in 0..<100 { map.stage(term, position: UInt32(p), into: log) }
            map.flushStaged(into: log)
            map.collectCounts()
            #expect(map.count == 1 && map.counts[0] == 100)
            map.reset()
            log.removeAll()
            // After the reset the cached entry is gone: the term gets a fresh id 0 and a fresh count.
            let other = Array("cold".utf8) + [UInt8](repeating: 0, count: 8)
            other.withUnsafeBytes { o in map.stage(UnsafeRawBufferPointer(rebasing: o[0..<4]), position: 0, into: log) }
            for p in 1..<6 { map.stage(term, position: UInt32(p), into: log) }
            map.flushStaged(into: log)
            map.collectCounts()
            #expect(map.count == 2)
            #expect(map.withTerm(0) { Array($0) } == Array("cold".utf8) && map.counts[0] == 1)
            #expect(map.withTerm(1) { Array($0) } == Array("hot".utf8) && map.counts[1] == 5)
        }
    }

    /// `sortedIDs` orders terms by their bytes (unsigned, a prefix first) — also terms sharing their
    /// first 8 bytes, shorter than 8, or with bytes ≥ 0x80 — whatever order they were interned in.
    @Test func sortedIDsOrderTermsByBytes() {
        var rng = PositionCodecTests.Rng(s: 7)
        var terms: [[UInt8]] = [Array("abcdefgh".utf8), Array("abcdefghi".utf8), Array("abcdefgh0".utf8), Array("abcdefg".utf8),
                                Array("abcdefgh".utf8) + [0xC3, 0xA9], Array("a".utf8), [0xC3, 0xA9], Array("ab'c".utf8), Array("10-k".utf8)]
        for _ in 0..<3000 { // random terms over a small alphabet: many shared prefixes
            let n = 1 + Int(rng.next() % 14)
            terms.append((0..<n).map { _ in [UInt8(ascii: "a"), UInt8(ascii: "b"), 0x80, 0xFF][Int(rng.next() % 4)] })
        }
        let map = TermHashMap(capacity: 4)
        var unique: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for t in terms where seen.insert(t).inserted {
            unique.append(t)
            _ = t.withUnsafeBytes { map.intern($0) }
        }
        let sorted = map.sortedIDs().map { id in map.withTerm(id) { Array($0) } }
        #expect(sorted == unique.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(sorted.count == unique.count)
    }

    /// An empty term (never produced by the analyzer, but a valid key: all zero bits) is interned like
    /// any other and never mistaken for an empty cache entry.
    @Test func emptyTermIsCountedLikeAnyOther() {
        let reference = TermHashMap(capacity: 4), map = TermHashMap(capacity: 4), log = RawVector<UInt64>()
        let buffer = [UInt8](repeating: 0x61, count: 16) // "a…" with slack
        var want: [UInt32] = []
        buffer.withUnsafeBytes { raw in
            for p in 0..<200 {
                let n = p % 3 == 0 ? 0 : 1 // "" and "a", both hot
                let term = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                want.append(reference.intern(term))
                map.stage(term, position: UInt32(p), into: log)
            }
        }
        map.flushStaged(into: log)
        reference.collectCounts(); map.collectCounts()
        #expect(map.count == 2 && reference.count == 2)
        var byPosition = [UInt32](repeating: .max, count: want.count)
        for k in 0..<log.count { byPosition[Int(UInt32(truncatingIfNeeded: log[k]))] = UInt32(log[k] >> 32) }
        #expect(log.count == want.count && byPosition == want)
        #expect(map.counts[0] == reference.counts[0] && map.counts[1] == reference.counts[1])
    }
}
