// Bit-packed block of 128 UInt32 values (byte layout):
//   128 values of `width` bits each (0…32), packed little-endian, low bits first,
//   as 4·width little-endian u32 words = 16·width bytes. Width 0 means all values are 0 (no bytes).

/// Packs and unpacks blocks of 128 integers at a fixed bit width.
enum BitPacking {
    static let blockSize = 128

    /// Number of bits needed for `v` (0 for 0).
    @inline(__always) static func width(_ v: UInt32) -> Int { v == 0 ? 0 : 32 - v.leadingZeroBitCount }

    /// Bytes a packed block of `width` bits occupies.
    @inline(__always) static func byteCount(width: Int) -> Int { 16 * width }

    /// Appends the 128 values of `values` packed at `width` bits (each value must fit).
    static func pack(_ values: UnsafePointer<UInt32>, width: Int, into out: inout ByteSink) {
        guard width > 0 else { return }
        var acc: UInt64 = 0
        var bits = 0
        for i in 0..<blockSize {
            acc |= UInt64(values[i]) << UInt64(bits)
            bits += width
            if bits >= 32 {
                out.u32(UInt32(truncatingIfNeeded: acc)) // low 32 bits are complete
                acc >>= 32
                bits -= 32
            }
        }
    }

    /// Unpacks 128 values of `width` bits from `src` into `dst`, adding `plus` to each (wrapping).
    /// - Precondition: `src` has `byteCount(width:)` readable bytes plus 7 more: values are read with
    ///   8-byte loads, so the last ones may read past the block (mapped index files always have at
    ///   least 12 bytes of TOC and trailer after any block; the caller checked the file bounds).
    /// - Complexity: one load, shift and mask per value, specialized per width (`Unpacker`).
    static func unpack(_ src: UnsafeRawPointer, width: Int, plus: UInt32 = 0, into dst: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: dst.update(repeating: plus, count: blockSize)
        case 1: Unpacker<1>.block(src, plus: plus, into: dst)
        case 2: Unpacker<2>.block(src, plus: plus, into: dst)
        case 3: Unpacker<3>.block(src, plus: plus, into: dst)
        case 4: Unpacker<4>.block(src, plus: plus, into: dst)
        case 5: Unpacker<5>.block(src, plus: plus, into: dst)
        case 6: Unpacker<6>.block(src, plus: plus, into: dst)
        case 7: Unpacker<7>.block(src, plus: plus, into: dst)
        case 8: Unpacker<8>.block(src, plus: plus, into: dst)
        case 9: Unpacker<9>.block(src, plus: plus, into: dst)
        case 10: Unpacker<10>.block(src, plus: plus, into: dst)
        case 11: Unpacker<11>.block(src, plus: plus, into: dst)
        case 12: Unpacker<12>.block(src, plus: plus, into: dst)
        case 13: Unpacker<13>.block(src, plus: plus, into: dst)
        case 14: Unpacker<14>.block(src, plus: plus, into: dst)
        case 15: Unpacker<15>.block(src, plus: plus, into: dst)
        case 16: Unpacker<16>.block(src, plus: plus, into: dst)
        case 17: Unpacker<17>.block(src, plus: plus, into: dst)
        case 18: Unpacker<18>.block(src, plus: plus, into: dst)
        case 19: Unpacker<19>.block(src, plus: plus, into: dst)
        case 20: Unpacker<20>.block(src, plus: plus, into: dst)
        case 21: Unpacker<21>.block(src, plus: plus, into: dst)
        case 22: Unpacker<22>.block(src, plus: plus, into: dst)
        case 23: Unpacker<23>.block(src, plus: plus, into: dst)
        case 24: Unpacker<24>.block(src, plus: plus, into: dst)
        case 25: Unpacker<25>.block(src, plus: plus, into: dst)
        case 26: Unpacker<26>.block(src, plus: plus, into: dst)
        case 27: Unpacker<27>.block(src, plus: plus, into: dst)
        case 28: Unpacker<28>.block(src, plus: plus, into: dst)
        case 29: Unpacker<29>.block(src, plus: plus, into: dst)
        case 30: Unpacker<30>.block(src, plus: plus, into: dst)
        case 31: Unpacker<31>.block(src, plus: plus, into: dst)
        case 32: Unpacker<32>.block(src, plus: plus, into: dst)
        default: dst.update(repeating: plus, count: blockSize) // > 32: only in a damaged file, which its CRC rejects on open
        }
    }

    /// Unpacks 128 deltas of `width` bits from `src` into `dst` as their running sums from `base`
    /// (`dst[i] = base + Σ deltas[0...i]`, wrapping): a block of doc ids from its gaps, in one pass.
    /// - Precondition: as `unpack`.
    static func unpackPrefixSums(_ src: UnsafeRawPointer, width: Int, base: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: dst.update(repeating: base, count: blockSize)
        case 1: Unpacker<1>.prefixSums(src, base: base, into: dst)
        case 2: Unpacker<2>.prefixSums(src, base: base, into: dst)
        case 3: Unpacker<3>.prefixSums(src, base: base, into: dst)
        case 4: Unpacker<4>.prefixSums(src, base: base, into: dst)
        case 5: Unpacker<5>.prefixSums(src, base: base, into: dst)
        case 6: Unpacker<6>.prefixSums(src, base: base, into: dst)
        case 7: Unpacker<7>.prefixSums(src, base: base, into: dst)
        case 8: Unpacker<8>.prefixSums(src, base: base, into: dst)
        case 9: Unpacker<9>.prefixSums(src, base: base, into: dst)
        case 10: Unpacker<10>.prefixSums(src, base: base, into: dst)
        case 11: Unpacker<11>.prefixSums(src, base: base, into: dst)
        case 12: Unpacker<12>.prefixSums(src, base: base, into: dst)
        case 13: Unpacker<13>.prefixSums(src, base: base, into: dst)
        case 14: Unpacker<14>.prefixSums(src, base: base, into: dst)
        case 15: Unpacker<15>.prefixSums(src, base: base, into: dst)
        case 16: Unpacker<16>.prefixSums(src, base: base, into: dst)
        case 17: Unpacker<17>.prefixSums(src, base: base, into: dst)
        case 18: Unpacker<18>.prefixSums(src, base: base, into: dst)
        case 19: Unpacker<19>.prefixSums(src, base: base, into: dst)
        case 20: Unpacker<20>.prefixSums(src, base: base, into: dst)
        case 21: Unpacker<21>.prefixSums(src, base: base, into: dst)
        case 22: Unpacker<22>.prefixSums(src, base: base, into: dst)
        case 23: Unpacker<23>.prefixSums(src, base: base, into: dst)
        case 24: Unpacker<24>.prefixSums(src, base: base, into: dst)
        case 25: Unpacker<25>.prefixSums(src, base: base, into: dst)
        case 26: Unpacker<26>.prefixSums(src, base: base, into: dst)
        case 27: Unpacker<27>.prefixSums(src, base: base, into: dst)
        case 28: Unpacker<28>.prefixSums(src, base: base, into: dst)
        case 29: Unpacker<29>.prefixSums(src, base: base, into: dst)
        case 30: Unpacker<30>.prefixSums(src, base: base, into: dst)
        case 31: Unpacker<31>.prefixSums(src, base: base, into: dst)
        case 32: Unpacker<32>.prefixSums(src, base: base, into: dst)
        default: dst.update(repeating: base, count: blockSize) // > 32: only in a damaged file, which its CRC rejects on open
        }
    }
}

/// `BitPacking.unpack` for one constant width: 16 groups of 8 values, each group exactly `W` bytes, so
/// every value's byte offset and shift inside its group are constants once `W` is known (the
/// compiler unrolls the 8 values into a load, a shift and a mask each).
enum Unpacker<let W: Int> {
    static var mask: UInt64 { UInt64(UInt32.max) &>> UInt64(32 - W) } // 1 ≤ W ≤ 32

    /// Value `k` (< 8) of the 8-value group starting at `group`.
    @inline(__always)
    static func value(_ group: UnsafeRawPointer, _ k: Int) -> UInt32 {
        let bit = k &* W // < 256
        return UInt32(truncatingIfNeeded: (Raw.u64(group, bit &>> 3) &>> UInt64(bit & 7)) & mask) // bit & 7 + W ≤ 39 < 64: the value is inside the load
    }

    @inline(__always)
    static func block(_ src: UnsafeRawPointer, plus: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        for g in 0..<16 {
            let b = src + g &* W, d = dst + g &* 8 // g·W < 512, g·8 < 128
            for k in 0..<8 { d[k] = value(b, k) &+ plus } // wrapping by contract
        }
    }

    @inline(__always)
    static func prefixSums(_ src: UnsafeRawPointer, base: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        var acc = base
        for g in 0..<16 {
            let b = src + g &* W, d = dst + g &* 8 // g·W < 512, g·8 < 128
            for k in 0..<8 { acc &+= value(b, k); d[k] = acc } // wrapping by contract
        }
    }
}
