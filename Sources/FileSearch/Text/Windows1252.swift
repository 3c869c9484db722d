/// Windows-1252 decoding of single bytes, used for legacy filings and invalid UTF-8.
///
/// Bytes 0x80–0x9F map through the Windows-1252 table (the five undefined ones to U+FFFD);
/// 0xA0–0xFF are Latin-1 and map to the code point of the same value; ASCII maps to itself.
enum Windows1252 {
    /// The Unicode scalar value of byte `b` read as Windows-1252.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func scalar(_ b: UInt8) -> UInt32 {
        if b < 0x80 || b >= 0xA0 { return UInt32(b) }
        return c1[Int(b &- 0x80)] // b in 0x80..<0xA0: index 0..<32, no overflow
    }

    /// 0x80–0x9F; 0xFFFD for the undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D.
    static let c1: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
