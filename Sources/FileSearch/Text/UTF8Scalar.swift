/// Strict UTF-8 decoding and encoding of single scalars on raw bytes.
///
/// Byte layout (RFC 3629): 1 byte `0xxxxxxx`; 2 bytes `110xxxxx 10xxxxxx` (C2–DF);
/// 3 bytes `1110xxxx 10xxxxxx 10xxxxxx` (E0 needs A0–BF next, ED needs 80–9F: no surrogates);
/// 4 bytes `11110xxx` + 3 continuations (F0 needs 90–BF, F4 needs 80–8F: at most U+10FFFF).
/// Overlong forms, surrogates and truncated sequences are invalid.
@usableFromInline
enum UTF8Scalar {
    /// Decodes the scalar starting at `p[i]` (a byte ≥ 0x80) if it is a valid sequence ending before `n`.
    ///
    /// - Returns: the scalar value and the sequence length, or `nil` when the bytes are not valid UTF-8.
    /// - Complexity: O(1).
    @usableFromInline @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (scalar: UInt32, length: Int)? {
        let b0 = p[i]
        if b0 < 0xC2 { return nil }
        if b0 < 0xE0 {
            guard i + 1 < n else { return nil }
            let b1 = p[i + 1]
            guard b1 & 0xC0 == 0x80 else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < n else { return nil }
            let b1 = p[i + 1], b2 = p[i + 2]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
            if b0 == 0xE0 && b1 < 0xA0 { return nil }   // overlong
            if b0 == 0xED && b1 >= 0xA0 { return nil }  // surrogate
            return (UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F), 3)
        }
        if b0 < 0xF5 {
            guard i + 3 < n else { return nil }
            let b1 = p[i + 1], b2 = p[i + 2], b3 = p[i + 3]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return nil }
            if b0 == 0xF0 && b1 < 0x90 { return nil }   // overlong
            if b0 == 0xF4 && b1 >= 0x90 { return nil }  // above U+10FFFF
            return (UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F), 4)
        }
        return nil
    }

    /// Writes the UTF-8 encoding of `cp` (a valid scalar, not a surrogate) at `p` and returns its length (1–4).
    ///
    /// - Precondition: `p` has room for 4 bytes.
    @inline(__always)
    static func encode(_ cp: UInt32, into p: UnsafeMutablePointer<UInt8>) -> Int {
        if cp < 0x80 { p[0] = UInt8(cp); return 1 }
        if cp < 0x800 {
            p[0] = UInt8(0xC0 | (cp >> 6)); p[1] = UInt8(0x80 | (cp & 0x3F)); return 2
        }
        if cp < 0x10000 {
            p[0] = UInt8(0xE0 | (cp >> 12)); p[1] = UInt8(0x80 | ((cp >> 6) & 0x3F)); p[2] = UInt8(0x80 | (cp & 0x3F)); return 3
        }
        p[0] = UInt8(0xF0 | (cp >> 18)); p[1] = UInt8(0x80 | ((cp >> 12) & 0x3F))
        p[2] = UInt8(0x80 | ((cp >> 6) & 0x3F)); p[3] = UInt8(0x80 | (cp & 0x3F)); return 4
    }
}
