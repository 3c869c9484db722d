#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns term bytes to dense ids (0, 1, 2 … in first-seen order) and counts occurrences,
/// without a String per token.
///
/// Open addressing with linear probing; each slot holds `hash32 << 32 | (id + 1)` so most misses
/// are rejected without touching the term arrays. Term bytes live in one arena.
/// - Complexity: `intern` is O(term length) expected.
final class TermHashMap {
    let arena = RawVector<UInt8>(capacity: 1 << 12)
    let starts = RawVector<UInt32>(capacity: 1 << 9)
    let lengths = RawVector<UInt32>(capacity: 1 << 9)
    /// Occurrences per term id.
    let counts = RawVector<UInt32>(capacity: 1 << 9)
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var mask: Int

    init(capacity: Int = 1 << 9) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slotCount = c
        slots = .allocate(capacity: c)
        slots.initialize(repeating: 0, count: c)
        mask = c - 1
    }

    deinit { slots.deallocate() }

    var count: Int { starts.count }

    /// Approximate heap bytes held.
    var memoryBytes: Int { arena.memoryBytes + starts.memoryBytes * 3 + slotCount * 8 }

    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD // hash mixing wraps by design
            h ^= h >> 29
            i &+= 8 // i + 8 <= n
        }
        if i < n {
            var w: UInt64 = 0
            var s: UInt64 = 0
            while i < n { w |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << s; s &+= 8; i &+= 1 } // < 8 bytes left
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53 // hash mixing wraps by design
        }
        return h ^ (h >> 32)
    }

    @inline(__always)
    private func equal(_ id: Int, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        unowned(unsafe) let arena = self.arena // self keeps it alive; no retain per comparison
        unowned(unsafe) let starts = self.starts // alive: self holds it
        let a = UnsafeRawPointer(arena.base + Int(starts[id]))
        if n <= 8 {
            var i = 0
            while i < n {
                if a.load(fromByteOffset: i, as: UInt8.self) != p.load(fromByteOffset: i, as: UInt8.self) { return false }
                i &+= 1 // i < n ≤ 8
            }
            return true
        }
        return memcmp(a, p, n) == 0
    }

    /// The id of `term`, inserting it when new; counts one occurrence.
    @inline(__always)
    func intern(_ term: UnsafeRawBufferPointer) -> UInt32 {
        let n = term.count
        guard let p = term.baseAddress else { return internEmpty() }
        let h64 = TermHashMap.hash(p, n)
        let tag = h64 << 32
        unowned(unsafe) let lengths = self.lengths // self keeps them alive; no retain per token
        unowned(unsafe) let counts = self.counts // alive: self holds it
        var i = Int(truncatingIfNeeded: h64) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) &- 1 // stored as id + 1 ≥ 1
                if Int(lengths[id]) == n && equal(id, p, n) {
                    counts[id] &+= 1 // < 2^32 tokens per segment (budget-bounded)
                    return UInt32(truncatingIfNeeded: id)
                }
            }
            i = (i &+ 1) & mask // wraps within the table
        }
        let id = starts.count
        starts.append(UInt32(truncatingIfNeeded: arena.count)) // arena < 4 GiB (budget-bounded)
        lengths.append(UInt32(truncatingIfNeeded: n))
        counts.append(1)
        arena.append(contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n)) // term bytes read as UInt8
        slots[i] = tag | UInt64(id + 1)
        if (id + 1) * 2 > slotCount { grow() }
        return UInt32(truncatingIfNeeded: id)
    }

    private func internEmpty() -> UInt32 {
        var one: UInt8 = 0
        return withUnsafeBytes(of: &one) { intern(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
    }

    private func grow() {
        let c = slotCount * 2
        let ns = UnsafeMutablePointer<UInt64>.allocate(capacity: c)
        ns.initialize(repeating: 0, count: c)
        let m = c - 1
        for id in 0..<starts.count {
            let h64 = TermHashMap.hash(arena.base + Int(starts[id]), Int(lengths[id]))
            var i = Int(truncatingIfNeeded: h64) & m
            while ns[i] != 0 { i = (i + 1) & m }
            ns[i] = (h64 << 32) | UInt64(id + 1)
        }
        slots.deallocate()
        slots = ns
        slotCount = c
        mask = m
    }

    /// Calls `body` with the bytes of term `id`.
    @inline(__always)
    func withTerm<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: arena.base + Int(starts[id]), count: Int(lengths[id])))
    }

    /// Term ids sorted by term bytes.
    func sortedIDs() -> [Int] {
        let base = arena.base
        var ids = Array(0..<starts.count)
        ids.sort { x, y in
            let lx = Int(lengths[x]), ly = Int(lengths[y])
            let c = memcmp(base + Int(starts[x]), base + Int(starts[y]), min(lx, ly))
            return c != 0 ? c < 0 : lx < ly
        }
        return ids
    }
}
