#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns term bytes to dense ids (0, 1, 2 … in first-seen order) and counts occurrences,
/// without a String per token.
///
/// Open addressing with linear probing over 16-byte slots `(key, count << 32 | id + 1)`:
/// - a term of ≤ 7 bytes is its own key (bytes little-endian, length in the top byte), so finding it
///   touches one cache line and never the arena;
/// - a longer term's key is its 64-bit hash with the top byte `0x80 | min(length, 127)`; a key match
///   is confirmed against the arena.
/// The occurrence count lives in the slot too (no separate random access per token); `collectCounts()`
/// gathers the counts by id. Term bytes live in one arena. Empty slot: second word 0 (ids are stored + 1).
/// - Complexity: `intern` is O(term length) expected.
final class TermHashMap {
    let arena = RawVector<UInt8>(capacity: 1 << 12)
    let starts = RawVector<UInt32>(capacity: 1 << 9)
    let lengths = RawVector<UInt32>(capacity: 1 << 9)
    /// Occurrences per term id; valid after `collectCounts()`.
    let counts = RawVector<UInt32>(capacity: 1 << 9)
    /// `2 * slotCount` words: key, then `count << 32 | (id + 1)`.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var mask: Int

    init(capacity: Int = 1 << 9) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slotCount = c
        slots = .allocate(capacity: 2 * c)
        slots.initialize(repeating: 0, count: 2 * c)
        mask = c - 1
    }

    deinit { slots.deallocate() }

    var count: Int { starts.count }

    /// Approximate heap bytes held.
    var memoryBytes: Int { arena.memoryBytes + starts.memoryBytes * 3 + slotCount * 16 }

    /// 64-bit hash of `n` bytes at `p`.
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

    /// The slot key of `n` bytes at `p` (see the type's doc).
    @inline(__always)
    static func key(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        if n <= 7 {
            var w = UInt64(truncatingIfNeeded: n) << 56
            var i = 0, s: UInt64 = 0
            while i < n { w |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << s; s &+= 8; i &+= 1 } // i < n ≤ 7
            return w
        }
        return hash(p, n) & 0x00FF_FFFF_FFFF_FFFF | (0x80 | UInt64(min(n, 127))) << 56
    }

    /// Home slot of `key` (murmur3 finalizer: every key bit reaches the low bits).
    @inline(__always)
    private static func home(_ key: UInt64) -> Int {
        var x = key ^ (key >> 33)
        x = x &* 0xFF51_AFD7_ED55_8CCD // hash mixing wraps by design
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53 // as above
        return Int(truncatingIfNeeded: x ^ (x >> 33))
    }

    /// The id of `term`, inserting it when new; counts one occurrence.
    @inline(__always)
    func intern(_ term: UnsafeRawBufferPointer) -> UInt32 {
        let n = term.count
        guard let p = term.baseAddress else { return internEmpty() }
        let k = TermHashMap.key(p, n)
        let slots = self.slots
        var i = TermHashMap.home(k) & mask
        while true {
            let v = slots[2 &* i &+ 1] // i ≤ mask: within the table
            if v == 0 { break }
            if slots[2 &* i] == k && (n <= 7 || equal(Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1, p, n)) { // ids stored + 1
                slots[2 &* i &+ 1] = v &+ (1 << 32) // count < 2^32 tokens per segment (budget-bounded)
                return UInt32(truncatingIfNeeded: v &- 1) // low half is id + 1 ≥ 1
            }
            i = (i &+ 1) & mask // wraps within the table
        }
        let id = starts.count
        starts.append(UInt32(truncatingIfNeeded: arena.count)) // arena < 4 GiB (budget-bounded)
        lengths.append(UInt32(truncatingIfNeeded: n))
        arena.append(contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n)) // term bytes read as UInt8
        slots[2 &* i] = k
        slots[2 &* i &+ 1] = 1 << 32 | UInt64(id + 1)
        if (id + 1) * 2 > slotCount { grow() }
        return UInt32(truncatingIfNeeded: id)
    }

    /// Whether term `id` is the `n` bytes at `p` (not inlined: long-term probes only).
    @inline(never)
    private func equal(_ id: Int, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        Int(lengths[id]) == n && memcmp(arena.base + Int(starts[id]), p, n) == 0
    }

    private func internEmpty() -> UInt32 {
        var one: UInt8 = 0
        return withUnsafeBytes(of: &one) { intern(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
    }

    private func grow() {
        let c = slotCount * 2
        let ns = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * c)
        ns.initialize(repeating: 0, count: 2 * c)
        let m = c - 1
        for s in 0..<slotCount where slots[2 * s + 1] != 0 {
            let k = slots[2 * s]
            var i = TermHashMap.home(k) & m
            while ns[2 * i + 1] != 0 { i = (i + 1) & m }
            ns[2 * i] = k
            ns[2 * i + 1] = slots[2 * s + 1]
        }
        slots.deallocate()
        slots = ns
        slotCount = c
        mask = m
    }

    /// Fills `counts` (occurrences by term id) from the table. - Complexity: O(table size).
    func collectCounts() {
        counts.removeAll()
        counts.reserve(count)
        for _ in 0..<count { counts.append(0) }
        for s in 0..<slotCount {
            let v = slots[2 * s + 1]
            if v != 0 { counts[Int(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1] = UInt32(truncatingIfNeeded: v >> 32) } // id + 1 ≥ 1; count in the high half
        }
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
