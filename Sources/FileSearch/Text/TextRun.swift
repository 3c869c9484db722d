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
            while j < end && table[Int(p[j])] & mask == 1 { j += 1 }
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
