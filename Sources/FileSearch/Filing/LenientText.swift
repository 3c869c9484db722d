/// Decodes header and tag bytes that are mostly UTF-8 but may hold Windows-1252 / Latin-1.
///
/// Valid UTF-8 sequences decode as UTF-8; every byte that does not start a valid sequence is
/// read as Windows-1252 (Latin-1 plus the 0x80–0x9F punctuation), so `SOCI\xC9T\xC9` keeps its
/// letters instead of turning into replacement characters.
enum LenientText {
    static let cp1252: [UInt16] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                                   0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]

    /// - Complexity: O(n).
    static func decode(_ buf: UnsafeRawBufferPointer) -> String {
        var ascii = true
        for b in buf where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: buf, as: UTF8.self) }
        var s = String.UnicodeScalarView()
        var i = 0
        let n = buf.count
        while i < n {
            let b = buf[i]
            if b < 0x80 { s.append(Unicode.Scalar(b)); i += 1; continue }
            let len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
            if len > 0, i + len <= n {
                var v = UInt32(b) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
                var ok = true
                for k in 1..<len {
                    let c = buf[i + k]
                    if c & 0xC0 != 0x80 { ok = false; break }
                    v = v << 6 | UInt32(c & 0x3F)
                }
                let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
                if ok, v >= minimum, let u = Unicode.Scalar(v) { s.append(u); i += len; continue }
            }
            let cp = b < 0xA0 ? UInt32(cp1252[Int(b) - 0x80]) : UInt32(b)
            s.append(Unicode.Scalar(cp) ?? "\u{FFFD}") // cp is a BMP non-surrogate by construction
            i += 1
        }
        return String(s)
    }
}
