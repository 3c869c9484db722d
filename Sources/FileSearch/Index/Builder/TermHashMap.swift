#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLZ4

/// Interns term bytes to dense ids (0, 1, 2 … in first-seen order) and counts occurrences,
/// without a String per token.
///
/// Open addressing with linear probing over 16-byte slots `(key, count << 32 | id + 1)`:
/// - a term of ≤ 7 bytes is its own key (bytes little-endian, length in the top byte), so finding it
///   touches one cache line and never the arena;
/// - a longer term's key is its 64-bit hash with the top byte `0x80 | min(length, 127)`; a key match
///   is confirmed against the arena.
/// The occurrence count lives in the slot too (no separate random access per token; a hot term's recent
/// occurrences wait in its hot-term cache entry until drained); `collectCounts()`
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

    /// Slots of a new table (`reset` keeps a grown table: the budget counts `accountedSlots`).
    private let initialSlots: Int

    init(capacity: Int = 1 << 9) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        initialSlots = c
        slotCount = c
        slots = .allocate(capacity: 2 * c)
        HugePages.advise(slots, bytes: 16 * c)
        slots.initialize(repeating: 0, count: 2 * c)
        mask = c - 1
        cache.initialize(repeating: 0, count: 2 * TermHashMap.cacheEntries)
        clearCache()
    }

    deinit {
        slots.deallocate()
        stageKeys.deallocate(); stageHomes.deallocate(); stagePositions.deallocate(); stageLengths.deallocate()
        stageBytes.deallocate()
        cache.deallocate()
    }

    var count: Int { starts.count }

    /// Approximate heap bytes a new map holding these terms would hold (what the budget counts; a
    /// reused map's grown buffers are not counted beyond that).
    var memoryBytes: Int { arena.accountedBytes + starts.accountedBytes * 3 + accountedSlots * 16 }

    /// The slot count a new table would have grown to for `count` terms (it doubles when more than half full).
    private var accountedSlots: Int { RawVector<UInt64>.doubled(initialSlots, toHold: 2 * count) }

    /// Forgets every term, keeping the memory (the table is cleared: O(table size)).
    /// - Precondition: nothing staged (`flushStaged` was called).
    func reset() {
        precondition(staged == 0, "TermHashMap.reset with staged tokens")
        arena.removeAll(); starts.removeAll(); lengths.removeAll(); counts.removeAll()
        slots.update(repeating: 0, count: 2 * slotCount)
        clearCache()
    }

    /// 64-bit hash of `n` ≥ 8 bytes at `p` (whole words, the last one overlapping the previous when `n`
    /// is not a multiple of 8; only `key` calls it, for long terms).
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        while i &+ 8 < n { // i + 8 < n ≤ Int.max
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD // hash mixing wraps by design
            h ^= h >> 29
            i &+= 8 // i + 8 < n
        }
        h = (h ^ p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53 // n ≥ 8; hash mixing wraps by design
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
        return intern(key: k, home: TermHashMap.home(k), p, n)
    }

    /// `intern` with the key and home hash already computed.
    @inline(__always)
    private func intern(key k: UInt64, home: Int, _ p: UnsafeRawPointer, _ n: Int) -> UInt32 {
        internSlot(key: k, home: home, p, n).id
    }

    /// `intern(key:home:_:_:)`, also returning the term's slot (valid until the table grows: a new
    /// term that makes it grow returns the slot in the new table).
    @inline(__always)
    private func internSlot(key k: UInt64, home: Int, _ p: UnsafeRawPointer, _ n: Int) -> (id: UInt32, slot: Int) {
        let slots = self.slots
        var i = home & mask
        while true {
            let v = slots[2 &* i &+ 1] // i ≤ mask: within the table
            if v == 0 { break }
            if slots[2 &* i] == k && (n <= 7 || equal(Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1, p, n)) { // ids stored + 1
                slots[2 &* i &+ 1] = v &+ (1 << 32) // count < 2^32 tokens per segment (budget-bounded)
                return (UInt32(truncatingIfNeeded: v &- 1), i) // low half is id + 1 ≥ 1
            }
            i = (i &+ 1) & mask // wraps within the table
        }
        let id = starts.count
        starts.append(UInt32(truncatingIfNeeded: arena.count)) // arena < 4 GiB (budget-bounded)
        lengths.append(UInt32(truncatingIfNeeded: n))
        arena.append(contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n)) // term bytes read as UInt8
        slots[2 &* i] = k
        slots[2 &* i &+ 1] = 1 << 32 | UInt64(id + 1)
        if (id + 1) * 2 > slotCount { return (UInt32(truncatingIfNeeded: id), grow(finding: k)) }
        return (UInt32(truncatingIfNeeded: id), i)
    }

    // MARK: batched interning

    /// Tokens staged per batch: enough prefetches in flight to hide most of the table's cache misses.
    static let batch = 32
    /// Bytes reserved per staged term (longer terms are interned directly).
    static let stagedTermBytes = 64
    /// Per staged token: key, home hash, `position`, length; term bytes at `stageBytes + k * stagedTermBytes`.
    private let stageKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: TermHashMap.batch)
    private let stageHomes = UnsafeMutablePointer<Int>.allocate(capacity: TermHashMap.batch)
    private let stagePositions = UnsafeMutablePointer<UInt32>.allocate(capacity: TermHashMap.batch)
    private let stageLengths = UnsafeMutablePointer<Int>.allocate(capacity: TermHashMap.batch)
    private let stageBytes = UnsafeMutableRawPointer.allocate(byteCount: TermHashMap.batch * TermHashMap.stagedTermBytes, alignment: 8)
    private var staged = 0

    // MARK: hot-term cache

    /// Entries of the hot-term cache (direct-mapped, 16 bytes each: 64 KiB, within the L2 cache).
    static let cacheEntries = 4096
    /// Per entry: the key of a short term (≤ 7 bytes; `UInt64.max` = empty: a short term's key has its
    /// length, ≤ 7, in the top byte),
    /// then `pending << 32 | id`. Filled by `flushStaged` with terms seen `cacheMinCount` times. A token
    /// whose term is here skips staging and the table: its id is logged at once and its occurrence
    /// counted in the entry (`pending`), added to the term's slot when the entry is replaced or the cache
    /// drained (`drainCache`: before the table grows and before counts are read). A term is never staged
    /// while cached (it is staged only after a miss, and entries change only in `flushStaged`), so every
    /// term's log entries stay in token order and ids in first-seen order: the log differs from
    /// token-by-token interning only in how different terms' entries of one document interleave.
    private let cache = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * TermHashMap.cacheEntries)
    /// Occurrences a term needs before it enters the cache (keeps one-off terms from evicting hot ones).
    static let cacheMinCount: UInt64 = 8

    @inline(__always)
    private static func cacheIndex(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52) // top 12 bits: 0..<4096; hash mixing wraps by design
    }

    /// Adds `pending` occurrences to the slot of the short term `key` (present in the table).
    @inline(__always)
    private func addPending(_ key: UInt64, _ pending: UInt64) {
        var i = TermHashMap.home(key) & mask
        while slots[2 &* i] != key { i = (i &+ 1) & mask } // present: it was interned before it was cached
        slots[2 &* i &+ 1] &+= pending << 32 // counts < 2^32 per segment
    }

    /// Moves every cached term's pending occurrences to its slot and empties the cache.
    private func drainCache() {
        for c in 0..<TermHashMap.cacheEntries where cache[2 * c] != .max {
            let pending = cache[2 * c + 1] >> 32
            if pending > 0 { addPending(cache[2 * c], pending) }
        }
        clearCache()
    }

    /// Empties the cache (no pending counts kept).
    private func clearCache() {
        for c in 0..<TermHashMap.cacheEntries { cache[2 * c] = .max; cache[2 * c + 1] = 0 }
    }

    /// Interns `term` as an occurrence at `position` and appends `id << 32 | position` to `log` — in
    /// batches: the term's table slot is prefetched now, the lookup done when `batch` tokens are staged
    /// or at `flushStaged`. Ids, counts and `log` come out exactly as with `intern` token by token.
    /// Contract: call `flushStaged(into:)` with the same `log` before reading ids, counts or `log`;
    /// 8 bytes are readable at `term.baseAddress` even when the term is shorter (as `Token` guarantees).
    @inline(__always)
    func stage(_ term: UnsafeRawBufferPointer, position: UInt32, into log: RawVector<UInt64>) {
        let n = term.count
        guard let p = term.baseAddress, n <= TermHashMap.stagedTermBytes else {
            flushStaged(into: log)
            log.append(UInt64(intern(term)) << 32 | UInt64(position))
            return
        }
        let s = staged
        let k: UInt64
        if n <= 7 {
            // The word at `p` is readable (Token's 8-byte slack): keep its first n bytes, length on top (as `key`).
            k = p.loadUnaligned(as: UInt64.self) & ((1 << (8 &* UInt64(truncatingIfNeeded: n))) &- 1) | UInt64(truncatingIfNeeded: n) << 56 // n ≤ 7: shift < 64
            let c = TermHashMap.cacheIndex(k)
            if cache[2 &* c] == k { // c < cacheEntries
                let e = cache[2 &* c &+ 1] &+ (1 << 32) // pending < 2^32: counts < 2^32 per segment
                cache[2 &* c &+ 1] = e
                log.append((e & 0xFFFF_FFFF) << 32 | UInt64(position))
                return
            }
        } else {
            k = TermHashMap.key(p, n)
            // Copy word by word, the last word overlapping (8 ≤ n ≤ stagedTermBytes).
            let dst = stageBytes + s &* TermHashMap.stagedTermBytes // s < batch
            var i = 0
            while i &+ 8 < n { dst.storeBytes(of: p.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self); i &+= 8 } // i + 8 < n
            dst.storeBytes(of: p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self), toByteOffset: n &- 8, as: UInt64.self) // n ≥ 8
        }
        let h = TermHashMap.home(k)
        filesearch_prefetch(slots + 2 &* (h & mask)) // h & mask ≤ mask: within the table
        stageKeys[s] = k
        stageHomes[s] = h
        stagePositions[s] = position
        stageLengths[s] = n
        staged = s &+ 1 // s < batch
        if staged == TermHashMap.batch { flushStaged(into: log) }
    }

    /// Interns the staged tokens in order, appending their `id << 32 | position` to `log`.
    func flushStaged(into log: RawVector<UInt64>) {
        let count = staged
        guard count > 0 else { return }
        staged = 0
        log.reserve(count)
        // Long terms are confirmed against the arena (two dependent loads: `starts[id]`, then the bytes):
        // prefetch those too, a pass each, for terms found in their (prefetched) home slot.
        // (A scope: interning below can grow the table, so `slots` must be re-read after this.)
        do {
            let slots = self.slots, mask = self.mask
            for s in 0..<count where stageLengths[s] > 7 {
                let i = stageHomes[s] & mask
                let v = slots[2 &* i &+ 1] // i ≤ mask: within the table
                if v != 0 && slots[2 &* i] == stageKeys[s] { filesearch_prefetch(starts.base + (Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1)) } // id + 1 ≥ 1
            }
            for s in 0..<count where stageLengths[s] > 7 {
                let i = stageHomes[s] & mask
                let v = slots[2 &* i &+ 1] // i ≤ mask: within the table
                if v != 0 && slots[2 &* i] == stageKeys[s] { filesearch_prefetch(arena.base + Int(starts[Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1])) } // id + 1 ≥ 1
            }
        }
        var short: UInt64 = 0
        for s in 0..<count {
            let n = stageLengths[s], k = stageKeys[s]
            let id: UInt32
            if n <= 7 {
                // The key holds the bytes little-endian (see `key`); the length is in its top byte.
                short = k
                let (i, slot) = withUnsafeBytes(of: &short) { internSlot(key: k, home: stageHomes[s], $0.baseAddress!, n) } // 8-byte local
                id = i
                if slots[2 &* slot &+ 1] >> 32 >= TermHashMap.cacheMinCount { // slot ≤ mask
                    let c = TermHashMap.cacheIndex(k)
                    let old = cache[2 &* c] // c < cacheEntries
                    if old != .max && cache[2 &* c &+ 1] >> 32 > 0 { addPending(old, cache[2 &* c &+ 1] >> 32) }
                    cache[2 &* c] = k
                    cache[2 &* c &+ 1] = UInt64(i)
                }
            } else {
                id = intern(key: k, home: stageHomes[s], UnsafeRawPointer(stageBytes + s &* TermHashMap.stagedTermBytes), n) // s < batch
            }
            log.append(UInt64(id) << 32 | UInt64(stagePositions[s]))
        }
    }

    /// Whether term `id` is the `n` ≥ 8 bytes at `p` (long-term probes only; a key match already
    /// implies the length unless it is ≥ 127). Compares whole words, the last one overlapping.
    @inline(__always)
    private func equal(_ id: Int, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 127 && Int(lengths[id]) != n { return false }
        let q = UnsafeRawPointer(arena.base + Int(starts[id]))
        var i = 0
        while i &+ 8 < n { // i + 8 < n ≤ Int.max
            if p.loadUnaligned(fromByteOffset: i, as: UInt64.self) != q.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8 // i + 8 < n
        }
        return p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == q.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) // n ≥ 8
    }

    private func internEmpty() -> UInt32 {
        var one: UInt8 = 0
        return withUnsafeBytes(of: &one) { intern(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
    }

    /// Doubles the table (and clears the hot-term cache, whose slots it moves); returns the new slot of `key`.
    private func grow(finding key: UInt64) -> Int {
        drainCache()
        let c = slotCount * 2
        let ns = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * c)
        HugePages.advise(ns, bytes: 16 * c)
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
        var i = TermHashMap.home(key) & m
        while ns[2 * i] != key { i = (i + 1) & m } // key was just inserted: present
        return i
    }

    /// Fills `counts` (occurrences by term id) from the table. - Complexity: O(table size).
    func collectCounts() {
        drainCache()
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
    ///
    /// Sorted by the first 8 bytes as a big-endian integer (zero-padded: a prefix sorts first), the
    /// rest compared only between terms sharing those 8 bytes.
    /// - Complexity: O(terms log terms) integer comparisons.
    func sortedIDs() -> [Int] {
        let base = arena.base
        let n = starts.count
        var keyed: [(key: UInt64, id: UInt32)] = []
        keyed.reserveCapacity(n)
        for id in 0..<n {
            let p = base + Int(starts[id]), l = Int(lengths[id])
            var k: UInt64 = 0
            if l >= 8 {
                k = UInt64(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            } else {
                for j in 0..<l { k |= UInt64(p[j]) << UInt64(56 - 8 * j) }
            }
            keyed.append((k, UInt32(truncatingIfNeeded: id))) // term ids < 2^32 (budget-bounded)
        }
        keyed.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            let x = Int(a.id), y = Int(b.id)
            let lx = Int(lengths[x]), ly = Int(lengths[y])
            let c = memcmp(base + Int(starts[x]), base + Int(starts[y]), min(lx, ly))
            return c != 0 ? c < 0 : lx < ly
        }
        return keyed.map { Int($0.id) }
    }
}
