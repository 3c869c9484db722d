/// Case and diacritic folding of non-ASCII scalars for the analyzer.
///
/// Covered by generated tables (`generate-folding.py`): Latin-1 Supplement, Latin Extended-A/B,
/// IPA, Greek, Cyrillic (U+0080–U+04FF), Latin Extended Additional and Greek Extended (U+1E00–U+1FFF), the Latin
/// ligatures (U+FB00–U+FB06) and the fullwidth forms (U+FF00–U+FF5F). Folding = lower case
/// (Unicode casefold: `ß`→`ss`), compatibility decomposition, combining marks removed (`é`→`e`,
/// `ﬁ`→`fi`, `Ά`→`α`), plus letters without a decomposition (`ø`→`o`, `æ`→`ae`, `ł`→`l`).
/// Other scripts are kept unchanged as word characters; general punctuation, symbols, arrows,
/// box drawing, private use, CJK punctuation and emoji separate words.
@usableFromInline
enum CaseFolding {
    /// Fold entry of `cp` (≥ 0x80): 0 = separator; otherwise bits 56–63 are `0x80 | length` and
    /// bits 0–55 the folded UTF-8 bytes, little-endian (length 0: a combining mark, part of the word).
    ///
    /// - Complexity: O(1).
    @usableFromInline
    static func fold(_ cp: UInt32) -> UInt64 {
        if cp < 0x500 { return cp < 0x80 ? 0 : latin[Int(cp &- 0x80)] } // &-: cp >= 0x80
        if cp >= 0x1E00 && cp < 0x2000 { // &-: in range
            return cp < 0x1F00 ? latinExtendedAdditional[Int(cp &- 0x1E00)] : greekExtended[Int(cp &- 0x1F00)] // &-: cp in range
        }
        if cp >= 0xFB00 && cp < 0xFB07 { return ligatures[Int(cp &- 0xFB00)] } // &-: in range
        if cp >= 0xFF00 && cp < 0xFF60 { return fullwidth[Int(cp &- 0xFF00)] } // &-: in range
        switch cp {
        case 0x2000...0x2BFF, 0x3000...0x303F, 0xD800...0xF8FF, 0xFE10...0xFE1F, 0xFE30...0xFE6F,
             0xFFF0...0xFFFF, 0x1F000...:
            return 0
        default:
            var v: UInt64 = 0
            var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
            let length = withUnsafeMutableBytes(of: &bytes) { UTF8Scalar.encode(cp, into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) } // 4-byte tuple, room for any scalar
            withUnsafeBytes(of: bytes) { b in for k in 0..<length { v |= UInt64(b[k]) << (8 * UInt64(k)) } }
            return v | UInt64(0x80 | length) << 56
        }
    }
}
