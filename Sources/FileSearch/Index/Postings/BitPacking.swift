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
        dispatch(src, width: width, .plus, plus, into: dst)
    }

    /// Unpacks 128 deltas of `width` bits from `src` into `dst` as their running sums from `base`
    /// (`dst[i] = base + Σ deltas[0...i]`, wrapping): a block of doc ids from its gaps, in one pass.
    /// - Precondition: as `unpack`.
    static func unpackPrefixSums(_ src: UnsafeRawPointer, width: Int, base: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        dispatch(src, width: width, .prefixSums, base, into: dst)
    }

    /// Value `i` (< 128) of a packed block, without unpacking the others (same read-past rule as `unpack`).
    @inline(__always)
    static func value(_ src: UnsafeRawPointer, width: Int, at i: Int) -> UInt32 {
        let bit = i &* width // < 128·33
        let mask = width == 0 ? 0 : UInt64(UInt32.max) &>> UInt64(32 &- min(width, 32)) // shift < 32
        return UInt32(truncatingIfNeeded: (Raw.u64(src, bit &>> 3) &>> UInt64(bit & 7)) & mask) // bit & 7 + width ≤ 39: inside the load
    }

    /// What `Unpacker.run` does with the unpacked values.
    enum Mode { case plus, prefixSums }

    /// The width's `Unpacker` (one switch for both modes; every value is `value` for width 0 and for
    /// widths over 32, which only a damaged file holds and its CRC rejects on open).
    @inline(__always)
    private static func dispatch(_ src: UnsafeRawPointer, width: Int, _ mode: Mode, _ value: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 1: Unpacker<1>.run(src, mode, value, into: dst)
        case 2: Unpacker<2>.run(src, mode, value, into: dst)
        case 3: Unpacker<3>.run(src, mode, value, into: dst)
        case 4: Unpacker<4>.run(src, mode, value, into: dst)
        case 5: Unpacker<5>.run(src, mode, value, into: dst)
        case 6: Unpacker<6>.run(src, mode, value, into: dst)
        case 7: Unpacker<7>.run(src, mode, value, into: dst)
        case 8: Unpacker<8>.run(src, mode, value, into: dst)
        case 9: Unpacker<9>.run(src, mode, value, into: dst)
        case 10: Unpacker<10>.run(src, mode, value, into: dst)
        case 11: Unpacker<11>.run(src, mode, value, into: dst)
        case 12: Unpacker<12>.run(src, mode, value, into: dst)
        case 13: Unpacker<13>.run(src, mode, value, into: dst)
        case 14: Unpacker<14>.run(src, mode, value, into: dst)
        case 15: Unpacker<15>.run(src, mode, value, into: dst)
        case 16: Unpacker<16>.run(src, mode, value, into: dst)
        case 17: Unpacker<17>.run(src, mode, value, into: dst)
        case 18: Unpacker<18>.run(src, mode, value, into: dst)
        case 19: Unpacker<19>.run(src, mode, value, into: dst)
        case 20: Unpacker<20>.run(src, mode, value, into: dst)
        case 21: Unpacker<21>.run(src, mode, value, into: dst)
        case 22: Unpacker<22>.run(src, mode, value, into: dst)
        case 23: Unpacker<23>.run(src, mode, value, into: dst)
        case 24: Unpacker<24>.run(src, mode, value, into: dst)
        case 25: Unpacker<25>.run(src, mode, value, into: dst)
        case 26: Unpacker<26>.run(src, mode, value, into: dst)
        case 27: Unpacker<27>.run(src, mode, value, into: dst)
        case 28: Unpacker<28>.run(src, mode, value, into: dst)
        case 29: Unpacker<29>.run(src, mode, value, into: dst)
        case 30: Unpacker<30>.run(src, mode, value, into: dst)
        case 31: Unpacker<31>.run(src, mode, value, into: dst)
        case 32: Unpacker<32>.run(src, mode, value, into: dst)
        default: dst.update(repeating: value, count: blockSize)
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

    /// Unpacks the 128 values: each plus `value` (`.plus`), or their running sums from `value` (`.prefixSums`).
    @inline(__always)
    static func run(_ src: UnsafeRawPointer, _ mode: BitPacking.Mode, _ value: UInt32, into dst: UnsafeMutablePointer<UInt32>) {
        switch mode {
        case .plus:
            for g in 0..<16 {
                let b = src + g &* W, d = dst + g &* 8 // g·W < 512, g·8 < 128
                for k in 0..<8 { d[k] = self.value(b, k) &+ value } // wrapping by contract
            }
        case .prefixSums:
            var acc = value
            for g in 0..<16 {
                let b = src + g &* W, d = dst + g &* 8 // g·W < 512, g·8 < 128
                for k in 0..<8 { acc &+= self.value(b, k); d[k] = acc } // wrapping by contract
            }
        }
    }
}
