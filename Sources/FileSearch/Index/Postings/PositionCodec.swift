// Positions of one term in the POSI file (byte layout, format version 4):
//
//   one bit stream per term, starting on a byte boundary at the term's positionsOffset, bits in
//   little-endian order (bit i of the stream = bit (i mod 8) of byte i/8), padded with 0 bits to a
//   whole byte at the end of the term. Per doc in postings order, `freq` values:
//     first position, then (gap to the previous position) - 1   (positions distinct and ascending)
//   each as an exponential-Golomb code of order k, where k depends only on the doc's field length L
//   and its freq f, both known to reader and writer (columns, postings):
//     k = order(L, f) = min(24, max(0, bitWidth(L / (f + 1)) - 2))     (expected gap ≈ L / (f + 1);
//                                                                       - 2 measured best of -1…-3)
//   code of value v: u = (v >> k) + 1, z = bitWidth(u) - 1:
//     z zero bits, one 1 bit, the low z bits of u, the low k bits of v      (2z + 1 + k bits)
//
// No per-block headers: a doc's positions start at a bit offset; the postings skip entry of each block
// of 128 docs records the bit offset of its first doc's positions, relative to the term's start.
// Because k depends only on (L, f), which a merge does not change, a merge copies each doc's bits verbatim.

/// Exponential-Golomb coding of positions with an order derived from doc length and freq.
enum PositionCodec {
    /// Largest code order (keeps a code within 2·32 + 1 bits whatever the length).
    static let maxOrder = 24

    /// Code order of a doc with field length `length` and term frequency `freq` (≥ 1): two below the
    /// bit width of the expected gap (measured on 1,000 generated filings: −2 gives 1.293 bytes per
    /// position, −1 1.315, −3 1.301, vints 1.487).
    @inline(__always) static func order(length: UInt32, freq: UInt32) -> Int {
        let m = UInt64(length) / (UInt64(freq) + 1) // freq < 2^32: no overflow in UInt64
        let w = m == 0 ? 0 : 64 - m.leadingZeroBitCount
        return min(maxOrder, max(0, w - 2))
    }

    /// Mask of the low `n` bits (n ≤ 63).
    @inline(__always) static func mask(_ n: Int) -> UInt64 { (1 << UInt64(n)) &- 1 } // n ≤ 63: 1 << n ≥ 1, no wrap

    /// The 64 bits of `base` starting at bit `bit` (valid bits: at least 57; higher bits may be garbage
    /// from the next byte). Requires 8 readable bytes at `base + bit / 8`.
    @inline(__always) static func window(_ base: UnsafeRawPointer, _ bit: Int) -> UInt64 {
        Raw.u64(base, bit >> 3) >> UInt64(bit & 7)
    }

    /// Decodes one value of order `k` at `bit` and advances `bit` past it.
    ///
    /// A damaged stream (more than 32 leading zeros) decodes as garbage but never reads more than
    /// 2·32 + 1 + k bits: the caller bounds `bit` against the file.
    @inline(__always) static func decode(_ base: UnsafeRawPointer, _ bit: inout Int, order k: Int) -> UInt32 {
        let w = window(base, bit)
        let z = w.trailingZeroBitCount
        let total = 2 &* z &+ 1 &+ k // z ≤ 64, k ≤ 24: small
        if total <= 57 {
            let u = (1 << UInt64(z)) | ((w >> UInt64(z &+ 1)) & mask(z)) // z ≤ 28 here
            let low = (w >> UInt64(2 &* z &+ 1)) & mask(k) // 2z+1+k ≤ 57 here
            bit &+= total // in-file bit offset: no overflow
            return UInt32(truncatingIfNeeded: ((u &- 1) << UInt64(k)) | low) // u ≥ 1; v < 2^32 when written by PositionWriter
        }
        let zz = min(z, 32) // > 32 only in a damaged stream
        bit &+= zz &+ 1 // as above
        let hi = window(base, bit) & mask(zz)
        bit &+= zz // as above
        let low = window(base, bit) & mask(k)
        bit &+= k // as above
        let u = (1 << UInt64(zz)) | hi
        return UInt32(truncatingIfNeeded: ((u &- 1) << UInt64(k)) | low) // as above; garbage when damaged
    }

    /// Advances `bit` past one value of order `k` without computing it.
    @inline(__always) static func skip(_ base: UnsafeRawPointer, _ bit: inout Int, order k: Int) {
        let z = min(window(base, bit).trailingZeroBitCount, 32) // > 32 only in a damaged stream
        bit &+= 2 &* z &+ 1 &+ k // in-file bit offset: no overflow
    }
}

extension PositionCodec {
    /// Advances `bit` past `n` values of order `k`.
    ///
    /// Keeps a 64-bit window in a register and reloads it only when the next code is not wholly inside
    /// it, so the loop carries one dependency (trailing zeros → shift) per value instead of a load.
    @inline(__always) static func skip(_ base: UnsafeRawPointer, _ bit: inout Int, count n: Int, order k: Int) {
        var b = bit
        var w = window(base, b)
        var avail = 64 &- (b & 7) // valid bits of w (the rest are 0)
        var left = n
        while left > 0 {
            var len = 2 &* w.trailingZeroBitCount &+ 1 &+ k // ≤ 2·64 + 1 + 24
            if len > avail {
                w = window(base, b)
                avail = 64 &- (b & 7) // as above
                len = 2 &* w.trailingZeroBitCount &+ 1 &+ k // as above
                if len > avail { // code longer than a window (huge value, or damaged): one at a time
                    skip(base, &b, order: k)
                    w = window(base, b)
                    avail = 64 &- (b & 7) // as above
                    left &-= 1 // > 0
                    continue
                }
            }
            w = len == 64 ? 0 : w >> UInt64(len) // len ≤ avail ≤ 64
            avail &-= len // len ≤ avail
            b &+= len // in-file bit offset
            left &-= 1 // > 0
        }
        bit = b
    }

    /// Decodes `n` ≥ 1 values of order `k` (first position, then gaps - 1) into ascending positions
    /// appended to `out`, and advances `bit` past them. Same windowing as `skip(_:_:count:order:)`.
    @inline(__always) static func decodePositions(_ base: UnsafeRawPointer, _ bit: inout Int, count n: Int, order k: Int,
                                                  into out: inout [UInt32]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: n)) // one growth, then raw stores
        out.withUnsafeMutableBufferPointer { o in
            decodePositions(base, &bit, count: n, order: k, into: o.baseAddress! + start) // o has start + n ≥ 1 elements
        }
    }

    /// As `decodePositions(_:_:count:order:into:)`, writing the `n` positions to `dst`.
    @inline(__always) static func decodePositions(_ base: UnsafeRawPointer, _ bit: inout Int, count n: Int, order k: Int,
                                                  into dst: UnsafeMutablePointer<UInt32>) {
        var b = bit
        var w = window(base, b)
        var avail = 64 &- (b & 7) // valid bits of w (the rest are 0)
        var acc = UInt32.max // + first value + 1 wraps to the first value: no special case for i == 0
        let lowMask = mask(k)
        for i in 0..<n {
            var z = w.trailingZeroBitCount
            var len = 2 &* z &+ 1 &+ k // ≤ 2·64 + 1 + 24
            if len > avail {
                w = window(base, b)
                avail = 64 &- (b & 7) // as above
                z = w.trailingZeroBitCount
                len = 2 &* z &+ 1 &+ k // as above
                if len > avail { // code longer than a window (huge value, or damaged): one at a time
                    let v = decode(base, &b, order: k)
                    acc = acc &+ v &+ 1 // ascending positions < 2^32 (garbage only when damaged); see acc's init
                    dst[i] = acc
                    w = window(base, b)
                    avail = 64 &- (b & 7) // as above
                    continue
                }
            }
            // Here 2z + 1 + k ≤ 64, so z ≤ 31 and every shift below is < 64.
            let u = (1 << UInt64(z)) | ((w >> UInt64(z &+ 1)) & mask(z))
            let v = UInt32(truncatingIfNeeded: ((u &- 1) << UInt64(k)) | ((w >> UInt64(2 &* z &+ 1)) & lowMask)) // < 2^32 when written by PositionWriter
            acc = acc &+ v &+ 1 // as above
            dst[i] = acc
            w = len == 64 ? 0 : w >> UInt64(len) // len ≤ avail ≤ 64
            avail &-= len // len ≤ avail
            b &+= len // in-file bit offset
        }
        bit = b
    }
}

/// A run of bits in a mapped positions stream: one doc's encoded positions (merge copies).
struct PositionBits {
    /// Stream base (8 bytes readable past the last bit's byte).
    let base: UnsafeRawPointer?
    /// First bit, from `base`.
    let start: Int
    /// Number of bits.
    let count: Int

    static var empty: PositionBits { PositionBits(base: nil, start: 0, count: 0) }
}

/// Appends bits to a byte stream, low bits first (the POSI bit order).
///
/// Usage: `put`/`encode`/`append` any number of times, then `align()` before reading `sink`.
struct PositionWriter {
    private(set) var sink = ByteSink()
    private var acc: UInt64 = 0
    private var nbits = 0
    /// Bits written since the last `removeAll()` (including alignment padding).
    private(set) var bitCount = 0

    /// Appends the low `n` bits of `v` (n ≤ 32; higher bits of `v` must be 0).
    @inline(__always) mutating func put(_ v: UInt64, _ n: Int) {
        acc |= v << UInt64(nbits) // nbits < 32, v < 2^32: fits in 64 bits
        nbits &+= n // < 64
        bitCount &+= n // bounded by memory
        if nbits >= 32 {
            sink.u32(UInt32(truncatingIfNeeded: acc)) // low 32 bits complete
            acc >>= 32
            nbits &-= 32 // ≥ 0
        }
    }

    /// Appends `v` as an exponential-Golomb code of order `k` (k ≤ `PositionCodec.maxOrder`).
    @inline(__always) mutating func encode(_ v: UInt32, order k: Int) {
        let u = (UInt64(v) >> UInt64(k)) + 1
        let z = 63 - u.leadingZeroBitCount // u ≥ 1
        let hi = u & PositionCodec.mask(z)
        let low = UInt64(v) & PositionCodec.mask(k)
        let total = 2 &* z &+ 1 &+ k // ≤ 2·32 + 1 + 24
        if total <= 32 {
            put((1 << UInt64(z)) | (hi << UInt64(z &+ 1)) | (low << UInt64(2 &* z &+ 1)), total) // fits in 32 bits
        } else {
            put(0, z) // z ≤ 32
            put(1 | ((hi & 0x7fff_ffff) << 1), min(z, 31) &+ 1) // first 31 bits of hi after the 1 bit
            if z > 31 { put(hi >> 31, z &- 31) } // z = 32: the last bit of hi
            put(low, k)
        }
    }

    /// Appends `count` bits of a mapped stream starting at bit `start` of `base`.
    mutating func append(_ bits: PositionBits) {
        guard let base = bits.base else { return }
        var at = bits.start
        var left = bits.count
        while left >= 32 {
            put(PositionCodec.window(base, at) & 0xffff_ffff, 32)
            at &+= 32; left &-= 32 // in-buffer offsets
        }
        if left > 0 { put(PositionCodec.window(base, at) & PositionCodec.mask(left), left) }
    }

    /// Pads with 0 bits to a whole byte and flushes them to `sink`.
    mutating func align() {
        let pad = (8 &- nbits & 7) & 7 // 0…7
        if pad > 0 { put(0, pad) }
        while nbits > 0 {
            sink.u8(UInt8(truncatingIfNeeded: acc)) // whole bytes left
            acc >>= 8
            nbits &-= 8 // multiple of 8
        }
    }

    /// Clears everything.
    mutating func removeAll() {
        sink.removeAll()
        acc = 0
        nbits = 0
        bitCount = 0
    }
}
