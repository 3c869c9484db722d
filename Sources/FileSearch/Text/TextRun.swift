/// Copies a run of character data into a `TextSink`, decoding the input encoding on the way.
///
/// Valid UTF-8 passes through; every byte that does not start a valid UTF-8 sequence (invalid,
/// truncated, or a legacy Windows-1252/Latin-1 byte such as 0x93 “ or 0xE9 é) is decoded on its
/// own through the Windows-1252 table, so the words around it survive. ASCII printable runs are
/// copied in bulk.
enum TextRun {
    /// Emits `p[from..<to]` into `sink`, stopping early at `<` (if `stopAtLessThan`) or `&`
    /// (if `stopAtAmpersand`).
    ///
    /// - Returns: the index where it stopped (`to`, or the index of the stop byte).
    /// - Complexity: O(to - from).
    @inline(__always)
    static func emit(_ p: UnsafePointer<UInt8>, from: Int, to end: Int, stopAtLessThan: Bool, stopAtAmpersand: Bool,
                     into sink: inout TextSink) -> Int {
        var i = from
        while i < end {
            var j = i
            while j < end {
                let b = p[j]
                if b <= 32 || b >= 127 { break }
                if b == 60 && stopAtLessThan { break } // '<'
                if b == 38 && stopAtAmpersand { break } // '&'
                j += 1
            }
            if j > i {
                sink.visibleASCII(p + i, j - i)
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
