/// Interns term bytes to dense ids (0, 1, 2 … in first-seen order) without a String per token.
///
/// Open addressing with linear probing over a power-of-two slot table; term bytes live in one arena.
/// - Complexity: `intern` is O(term length) expected.
struct TermHashMap {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [UInt32] = []
    private(set) var lengths: [UInt32] = []
    private var hashes: [UInt32] = []
    private var slots: [UInt32]
    private var mask: Int

    init(capacity: Int = 1 << 10) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt32](repeating: 0, count: c)
        mask = c - 1
        arena.reserveCapacity(capacity * 8)
    }

    var count: Int { starts.count }

    /// Approximate heap bytes held.
    var memoryBytes: Int { arena.capacity + starts.capacity * 12 + slots.count * 4 }

    @inline(__always)
    static func hash(_ t: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(t.count)
        let n = t.count
        guard let p = t.baseAddress else { return h }
        var i = 0
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD // hash mixing wraps by design
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var s: UInt64 = 0
            while i < n { w |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << s; s += 8; i += 1 }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53 // hash mixing wraps by design
        }
        h ^= h >> 32
        return h
    }

    /// The id of `term`, inserting it when new.
    @inline(__always)
    mutating func intern(_ term: UnsafeRawBufferPointer) -> UInt32 {
        let h64 = TermHashMap.hash(term)
        let h = UInt32(truncatingIfNeeded: h64)
        var i = Int(truncatingIfNeeded: h64) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            let id = Int(s - 1)
            if hashes[id] == h && Int(lengths[id]) == term.count {
                let eq = arena.withUnsafeBytes { a in
                    term.count == 0 || memcmp(a.baseAddress! + Int(starts[id]), term.baseAddress!, term.count) == 0 // non-empty arena holds the term
                }
                if eq { return UInt32(id) }
            }
            i = (i + 1) & mask
        }
        let id = UInt32(starts.count)
        starts.append(UInt32(arena.count))
        lengths.append(UInt32(term.count))
        hashes.append(h)
        arena.append(contentsOf: term)
        slots[i] = id + 1
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let c = slots.count * 2
        slots = [UInt32](repeating: 0, count: c)
        mask = c - 1
        for id in 0..<starts.count {
            let start = Int(starts[id])
            let h64 = arena.withUnsafeBytes { TermHashMap.hash(UnsafeRawBufferPointer(rebasing: $0[start..<start + Int(lengths[id])])) }
            var i = Int(truncatingIfNeeded: h64) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt32(id + 1)
        }
    }

    /// Calls `body` with the bytes of term `id`.
    @inline(__always)
    func withTerm<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let s = Int(starts[id])
        return try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[s..<s + Int(lengths[id])])) }
    }

    /// Term ids sorted by term bytes.
    func sortedIDs() -> [Int] {
        arena.withUnsafeBytes { a in
            let base = a.baseAddress
            return (0..<starts.count).sorted { x, y in
                let lx = Int(lengths[x]), ly = Int(lengths[y])
                let c = (lx == 0 || ly == 0) ? 0 : memcmp(base! + Int(starts[x]), base! + Int(starts[y]), min(lx, ly)) // non-empty terms imply a non-empty arena
                return c != 0 ? c < 0 : lx < ly
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
