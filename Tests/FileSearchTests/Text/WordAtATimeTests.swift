import Testing
@testable import FileSearch

/// The 8-bytes-at-a-time classifiers of the tokenizer and the text extractor agree with their
/// byte-by-byte tables: every byte value at every lane, and random words mixing the classes.
@Suite struct WordAtATimeTests {
    /// Word with `bytes` in lanes 0…7 (little-endian).
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// Reference: leading bytes the fold table accepts, and those bytes folded.
    static func referenceWordPrefix(_ bytes: [UInt8]) -> (Int, [UInt8]) {
        let fold = TokenScanner.asciiFoldTable
        var k = 0
        while k < 8 && fold[Int(bytes[k])] != 0 { k += 1 }
        return (k, bytes[0..<k].map { fold[Int($0)] })
    }

    /// Reference: leading bytes whose class, masked by the stops, is exactly 1 (as `TextRun.emit`), or
    /// spaces in lanes 1…6 between two such bytes.
    static func referenceVisiblePrefix(_ bytes: [UInt8], lt: Bool, amp: Bool) -> Int {
        let mask: UInt8 = 1 | (lt ? 2 : 0) | (amp ? 4 : 0)
        func visible(_ i: Int) -> Bool { TextRun.byteClass[Int(bytes[i])] & mask == 1 }
        var k = 0
        while k < 8 && (visible(k) || (bytes[k] == 32 && k > 0 && k < 7 && visible(k - 1) && visible(k + 1))) { k += 1 }
        return k
    }

    static func check(_ bytes: [UInt8]) {
        let w = word(bytes)
        let (k, folded) = TokenScanner.asciiWordPrefix(w)
        let (rk, rf) = referenceWordPrefix(bytes)
        #expect(k == rk, "word prefix of \(bytes)")
        let got = (0..<k).map { UInt8(truncatingIfNeeded: folded >> (8 * UInt64($0))) }
        #expect(got == rf, "folded bytes of \(bytes)")
        #expect(TokenScanner.orBytes(folded, k) == rf.reduce(0, |), "OR of \(bytes)")
        for lt in [false, true] {
            for amp in [false, true] {
                #expect(TextRun.visiblePrefix(w, stopAtLessThan: lt, stopAtAmpersand: amp) == referenceVisiblePrefix(bytes, lt: lt, amp: amp),
                        "visible prefix of \(bytes) (stops < \(lt), & \(amp))")
            }
        }
    }

    @Test func everyByteValueInEveryLane() {
        for lane in 0..<8 {
            for b in 0...255 {
                for filler: UInt8 in [0x61, 0x5A, 0x37, 0x21, 0x20] { // 'a', 'Z', '7', '!', ' '
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[lane] = UInt8(b)
                    Self.check(bytes)
                }
            }
        }
    }

    @Test func randomWordsOfMixedClasses() {
        // Class boundaries and their neighbours, so every range check is probed from both sides.
        let edges: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x20, 0x20, 0x21, 0x26, 0x27, 0x2F, 0x30, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x40, 0x41,
                              0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7E, 0x7F, 0x80, 0xA0, 0xC3, 0xE2, 0xFF]
        var rng = PositionCodecTests.Rng(s: 0x5EED)
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ -> UInt8 in
                let r = rng.next()
                return r % 4 == 0 ? edges[Int(r >> 8) % edges.count] : (r % 4 == 1 ? UInt8(truncatingIfNeeded: r >> 8) : UInt8(0x61 + (r >> 8) % 26))
            }
            Self.check(bytes)
        }
    }
}
