// Positions of one term in the POSI file (byte layout, format version 4):
//
//   one chunk per postings block (128 docs; the last chunk holds the tail's df mod 128 docs; a term with
//   df < 128 has one chunk), starting at the term's positionsOffset; the postings skip entry's posOffset
//   is the byte offset of the block's chunk relative to the term's positionsOffset. Chunk:
//     vint unaryBytes
//     unary stream    unaryBytes bytes: per value, z 0 bits then a 1 bit
//     payload stream  per value, z + k bits: P; padded with 0 bits to a whole byte
//   Bit streams are little-endian (bit i = bit (i mod 8) of byte i/8), padded with 0 bits to whole bytes.
//   Values, per doc in postings order, `freq` of them: first position, then (gap to the previous
//   position) - 1 (positions are distinct and ascending). Each is an exponential-Golomb code of order k
//   split into its unary part and its payload:
//     u = (v >> k) + 1, z = bitWidth(u) - 1, P = v - ((2^z - 1) << k)   (0 ≤ P < 2^(z+k))
//   where k depends only on the doc's field length L and freq f, both known to reader and writer
//   (columns, postings):
//     k = order(L, f) = min(24, max(0, bitWidth(L / (f + 1)) - 2))      (expected gap ≈ L / (f + 1))
//
// Skipping n values costs a popcount per 64 unary bits: the payload bits they occupy are
// (unary bits - n) + Σ freq·k over their docs. Because k depends only on (L, f), which a merge does not
// change, a merge copies each doc's unary and payload bits verbatim.

/// Exponential-Golomb coding of positions with an order derived from doc length and freq, unary parts
/// and payloads in two streams.
enum PositionCodec {
    /// Largest code order (keeps a payload within 32 + 24 bits whatever the length).
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
    @inline(__always) static func mask(_ n: Int) -> UInt64 { (1 &<< UInt64(truncatingIfNeeded: n)) &- 1 } // 0 ≤ n ≤ 63: exact shift, 1 << n ≥ 1, no wrap

    /// The 64 bits of `base` starting at bit `bit`: `64 - bit % 8` valid bits, the rest 0.
    /// Requires 8 readable bytes at `base + bit / 8`.
    @inline(__always) static func window(_ base: UnsafeRawPointer, _ bit: Int) -> UInt64 {
        Raw.u64(base, bit >> 3) &>> UInt64(bit & 7) // shift < 8
    }

    /// Bit offset just after the `n`-th (n ≥ 1) 1 bit at or after `bit` (skips n unary codes).
    ///
    /// A damaged stream without enough 1 bits stops after 33·n bits (the longest legal codes).
    @inline(__always) static func skipOnes(_ base: UnsafeRawPointer, _ bit: Int, _ n: Int) -> Int {
        var b = bit
        var left = n
        let limit = bit &+ 33 &* n // n ≤ 2^32 · 128: no overflow
        while true {
            var w = window(base, b)
            let c = w.nonzeroBitCount
            if c >= left {
                while left > 1 { w &= w &- 1; left &-= 1 } // clear the lowest set bits; w has ≥ left of them
                return b &+ w.trailingZeroBitCount &+ 1 // w ≠ 0 here
            }
            left &-= c // c < left
            b &+= 64 &- (b & 7) // next byte boundary after the window
            if b > limit { return limit }
        }
    }

    /// Skips `n` ≥ 1 values of order `k` that start at (`unary`, `payload`) bit offsets.
    @inline(__always) static func skip(_ base: UnsafeRawPointer, unary: inout Int, payload: inout Int, count n: Int, orderSum kk: Int) {
        let u = skipOnes(base, unary, n)
        payload &+= (u &- unary) &- n &+ kk // unary bits - n = Σ z; in-file offsets
        unary = u
    }

    /// Decodes `n` ≥ 1 values of order `k` (first position, then gaps - 1) starting at the (`unary`,
    /// `payload`) bit offsets into ascending positions at `dst`, and advances both offsets past them.
    ///
    /// Few loop-carried dependencies: the unary window is consumed by clearing its lowest 1 bit (z is the
    /// distance between consecutive 1 bits), each payload is an independent load at a running offset.
    /// A damaged stream decodes as garbage within bounded reads (z clamped to 32).
    @inline(__always) static func decodePositions(_ base: UnsafeRawPointer, unary: inout Int, payload: inout Int,
                                                  count n: Int, order k: Int, into dst: UnsafeMutablePointer<UInt32>) {
        var wbase = unary // bit offset of bit 0 of uw
        var uw = window(base, wbase) // valid bits 64 - wbase % 8, the rest 0
        var last = -1 // bit of uw holding the previous code's 1 bit (-1: none yet)
        var pb = payload
        var acc = UInt32.max // + first value + 1 wraps to the first value: no special case for i == 0
        for i in 0..<n {
            if uw == 0 { // the code's 1 bit is past the window: reload from the code's start
                wbase &+= last &+ 1 // in-file bit offset
                uw = window(base, wbase)
                last = -1
            }
            let t = uw.trailingZeroBitCount
            let z = min(t &- last &- 1, 32) // > 32 only in a damaged stream; t > last
            uw &= uw &- 1 // clear the lowest 1 bit (uw = 0 only when damaged: stays 0)
            last = t
            let pl = z &+ k // ≤ 56
            let p = window(base, pb) & mask(pl) // window has ≥ 57 valid bits
            pb &+= pl // in-file bit offset
            let v = (mask(z) &<< UInt64(truncatingIfNeeded: k)) &+ p // < 2^57: (2^z - 1)·2^k + P; k ≤ 24: exact shift
            acc = acc &+ UInt32(truncatingIfNeeded: v) &+ 1 // ascending positions < 2^32 (garbage only when damaged); see acc's init
            dst[i] = acc
        }
        unary = wbase &+ last &+ 1 // in-file bit offset
        payload = pb
    }

    /// As `decodePositions(_:unary:payload:count:order:into:)`, replacing the contents of `out`.
    static func decodePositions(_ base: UnsafeRawPointer, unary: inout Int, payload: inout Int,
                                count n: Int, order k: Int, into out: inout [UInt32]) {
        // Resize to n (usually a no-op or a small change: the caller reuses `out`), then raw stores.
        if out.count > n { out.removeLast(out.count &- n) } else if out.count < n { out.append(contentsOf: repeatElement(0, count: n &- out.count)) } // counts ≥ 0
        out.withUnsafeMutableBufferPointer { o in
            decodePositions(base, unary: &unary, payload: &payload, count: n, order: k, into: o.baseAddress!) // n ≥ 1 elements
        }
    }

    /// Appends `v` as a code of order `k` (k ≤ `maxOrder`): unary part to `unary`, payload to `payload`.
    @inline(__always) static func encode(_ v: UInt32, order k: Int, unary: inout PositionWriter, payload: inout PositionWriter) {
        let u = (UInt64(v) >> UInt64(k)) + 1
        let z = 63 - u.leadingZeroBitCount // u ≥ 1; z ≤ 32
        let p = UInt64(v) &- (mask(z) << UInt64(k)) // (2^z - 1)·2^k ≤ v by definition of z
        unary.put(1 &<< UInt64(truncatingIfNeeded: z), z &+ 1) // z ≤ 32: exact shift, ≤ 33 bits
        payload.put(p, z &+ k) // ≤ 56 bits; put(0, 0) when z = k = 0
    }
}

/// A run of bits in a mapped stream.
struct BitRun {
    /// Stream base (8 bytes readable past the last bit's byte).
    let base: UnsafeRawPointer?
    /// First bit, from `base`.
    let start: Int
    /// Number of bits.
    let count: Int
}

/// One doc's encoded positions in a mapped POSI file: its unary and payload bits (merge copies).
struct PositionBits {
    let unary: BitRun
    let payload: BitRun

    static var empty: PositionBits {
        PositionBits(unary: BitRun(base: nil, start: 0, count: 0), payload: BitRun(base: nil, start: 0, count: 0))
    }
}

/// Collects a bit stream, low bits first (the POSI bit order), in 64-bit words.
///
/// Usage: `put`/`append` any number of times, then `write(to:)` (pads with 0 bits to a whole byte).
struct PositionWriter {
    private var words: [UInt64] = []
    private var acc: UInt64 = 0
    private var nbits = 0 // bits in acc, < 64
    /// Bits written since the last `removeAll()`.
    private(set) var bitCount = 0

    /// Appends the low `n` bits of `v` (1 ≤ n ≤ 64, or n = 0 with v = 0; higher bits of `v` must be 0).
    @inline(__always) mutating func put(_ v: UInt64, _ n: Int) {
        acc |= v &<< UInt64(truncatingIfNeeded: nbits) // nbits < 64: exact shift
        bitCount &+= n // bounded by memory
        let total = nbits &+ n // < 128
        if total >= 64 {
            words.append(acc) // acc complete
            acc = nbits == 0 ? 0 : v &>> UInt64(truncatingIfNeeded: 64 &- nbits) // bits of v that did not fit; 1 ≤ 64 - nbits ≤ 63
            nbits = total &- 64 // < 64
        } else {
            nbits = total
        }
    }

    /// Appends the bits of `run`.
    mutating func append(_ run: BitRun) {
        guard let base = run.base else { return }
        var at = run.start
        var left = run.count
        while left >= 56 {
            put(PositionCodec.window(base, at) & PositionCodec.mask(56), 56) // window has ≥ 57 valid bits
            at &+= 56; left &-= 56 // in-buffer offsets
        }
        if left > 0 { put(PositionCodec.window(base, at) & PositionCodec.mask(left), left) }
    }

    /// Bytes `write(to:)` appends.
    var byteCount: Int { words.count &* 8 &+ (nbits &+ 7) >> 3 } // bounded by memory

    /// Appends the stream to `sink`, padded with 0 bits to a whole byte.
    func write(to sink: inout ByteSink) {
        words.withUnsafeBytes { sink.raw($0) } // little-endian host (as every reader in this module)
        var a = acc
        for _ in 0..<((nbits &+ 7) >> 3) { sink.u8(UInt8(truncatingIfNeeded: a)); a >>= 8 } // bits above nbits are 0
    }

    /// The stream's bytes (tests).
    var bytes: [UInt8] {
        var s = ByteSink()
        write(to: &s)
        return s.bytes
    }

    /// Clears everything.
    mutating func removeAll() {
        words.removeAll(keepingCapacity: true)
        acc = 0
        nbits = 0
        bitCount = 0
    }
}
