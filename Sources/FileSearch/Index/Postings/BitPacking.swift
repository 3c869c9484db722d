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

    /// Unpacks 128 values of `width` bits from `src` into `dst`.
    /// - Precondition: `src` has `byteCount(width:)` readable bytes (checked by the caller against the file bounds).
    @inline(__always)
    static func unpack(_ src: UnsafeRawPointer, width: Int, into dst: UnsafeMutablePointer<UInt32>) {
        if width == 0 {
            dst.update(repeating: 0, count: blockSize)
            return
        }
        if width == 32 {
            for i in 0..<blockSize { dst[i] = Raw.u32(src, i * 4) }
            return
        }
        // Branch-free: value i is bits i·width ..< (i+1)·width of the little-endian word stream,
        // so it lies in words i·width/32 and the next one (read only while inside the block).
        let mask: UInt64 = (1 << UInt64(width)) - 1
        let words = 4 * width
        for i in 0..<blockSize {
            let bit = i &* width // < 128·32
            let w = bit &>> 5
            let lo = UInt64(Raw.u32(src, w &* 4)) // w < 128: no overflow
            let hi: UInt64 = w &+ 1 < words ? UInt64(Raw.u32(src, (w &+ 1) &* 4)) : 0 // w + 1 ≤ 128: no overflow
            dst[i] = UInt32(truncatingIfNeeded: ((hi &<< 32 | lo) &>> UInt64(bit & 31)) & mask) // masked to width ≤ 31 bits
        }
    }
}
