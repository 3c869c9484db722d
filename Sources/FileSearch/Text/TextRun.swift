/// Copies a run of character data into a `TextSink`, decoding the input encoding on the way.
///
/// Valid UTF-8 passes through; every byte that does not start a valid UTF-8 sequence (invalid,
/// truncated, or a legacy Windows-1252/Latin-1 byte such as 0x93 “ or 0xE9 é) is decoded on its
/// own through the Windows-1252 table, so the words around it survive. ASCII printable runs are
/// copied in bulk.
enum TextRun {
    /// By byte: bit 0 = visible ASCII (`!`…`~`), bit 1 = `<`, bit 2 = `&` (one load per byte in runs).
    nonisolated(unsafe) static let byteClass: UnsafePointer<UInt8> = { // written once in the initializer, read-only after
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256) // lives for the process
        for b in 0..<256 { t[b] = (b > 32 && b < 127 ? 1 : 0) | (b == 60 ? 2 : 0) | (b == 38 ? 4 : 0) }
        return UnsafePointer(t)
    }()

    /// The number of leading bytes of `w` (little-endian) that continue a visible run: visible ASCII
    /// (`!`…`~`), other than `<` / `&` when those stop the run, and single spaces between two such
    /// bytes of `w` (copied as they are: the sink would write exactly that space) (SWAR range and
    /// equality checks on 7-bit values). A space in lane 0 or 7 ends the prefix (its neighbour is
    /// outside `w`), so a run never starts or ends with a space.
    @inline(__always)
    static func visiblePrefix(_ w: UInt64, stopAtLessThan: Bool, stopAtAmpersand: Bool) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080, ones7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let low7 = w & ~high
        // b + (0x80 - lo) has its high bit set iff b ≥ lo, b + (0x7F - hi) iff b > hi (7-bit b: no carries).
        var good = (low7 &+ 0x5F5F_5F5F_5F5F_5F5F) & ~(low7 &+ 0x0101_0101_0101_0101) & ~w & high // 0x21…0x7E, ASCII; &+: no carry out of any byte
        // A 7-bit byte v is zero iff v + 0x7F keeps its high bit clear.
        if stopAtLessThan { good &= (low7 ^ 0x3C3C_3C3C_3C3C_3C3C) &+ ones7 } // '<'; &+: 7-bit sums, no carries
        if stopAtAmpersand { good &= (low7 ^ 0x2626_2626_2626_2626) &+ ones7 } // '&'; as above
        let space = ~((low7 ^ 0x2020_2020_2020_2020) &+ ones7) & ~w & high // ' '; &+ as above
        good |= space & good << 8 & good >> 8 // previous and next lanes visible
        let stop = ~good & high
        return stop == 0 ? 8 : stop.trailingZeroBitCount >> 3
    }

    /// Emits `p[from..<to]` into `sink`, stopping early at `<` (if `stopAtLessThan`) or `&`
    /// (if `stopAtAmpersand`).
    ///
    /// - Returns: the index where it stopped (`to`, or the index of the stop byte).
    /// - Complexity: O(to - from).
    @inline(__always)
    static func emit(_ p: UnsafePointer<UInt8>, from: Int, to end: Int, stopAtLessThan: Bool, stopAtAmpersand: Bool,
                     into sink: inout TextSink) -> Int {
        var i = from
        let table = byteClass
        // A byte continues a visible run iff its class, masked by the stops in force, is exactly 1.
        let mask: UInt8 = 1 | (stopAtLessThan ? 2 : 0) | (stopAtAmpersand ? 4 : 0)
        while i < end {
            var j = i
            // Eight bytes at a time while they continue the run, then byte by byte to its end.
            while j &+ 8 <= end { // j + 8 ≤ end: no overflow
                let k = visiblePrefix(UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self), stopAtLessThan: stopAtLessThan, stopAtAmpersand: stopAtAmpersand)
                j &+= k // k ≤ 8
                if k < 8 { break }
            }
            while j < end && table[Int(p[j])] & mask == 1 { j += 1 }
            if j > i {
                sink.visibleASCII(p + i, j - i) // visible bytes and single spaces between them
                i = j
                if i >= end { break }
            }
            let b = p[i]
            if b < 128 {
                if (b == 60 && stopAtLessThan) || (b == 38 && stopAtAmpersand) { return i }
                sink.ascii(b)
                i += 1
            } else if let (cp, length) = UTF8Scalar.decode(p, i, end) {
                sink.multiByte(p + i, length: length, scalar: cp)
                i += length
            } else {
                sink.scalar(Windows1252.scalar(b))
                i += 1
            }
        }
        return end
    }
}
