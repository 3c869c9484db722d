/// In-memory inversion of one text field for one segment in progress.
///
/// While documents arrive it records, per token, `(termID << 32) | position` in one array (8 bytes per token,
/// no per-token allocation). At flush, a counting sort by term id in final doc order yields each term's
/// postings grouped by doc with ascending positions.
struct FieldInverter {
    var terms = TermHashMap()
    private var counts: [UInt32] = []
    private var tokens: [UInt64] = []
    /// Per input doc: start of its tokens; `docStarts[i+1]` (or tokens.count) is its end.
    private var docStarts: [Int] = []
    private(set) var lengths: [UInt32] = []

    var memoryBytes: Int { terms.memoryBytes + tokens.capacity * 16 + counts.capacity * 8 + docStarts.capacity * 12 }

    /// Tokenizes `text` with `analyzer` as the next document; returns its length (primary tokens).
    @inline(__always)
    mutating func add(_ text: UnsafeRawBufferPointer, analyzer: Analyzer) -> UInt32 {
        docStarts.append(tokens.count)
        let len = analyzer.forEachToken(in: text) { tok in
            let id = terms.intern(tok.term)
            if Int(id) == counts.count { counts.append(1) } else { counts[Int(id)] += 1 }
            tokens.append(UInt64(id) << 32 | UInt64(tok.position))
        }
        lengths.append(len)
        return len
    }

    /// Writes every term with its postings to `writer` (current field already begun).
    /// - Parameter order: `order[newDoc] = input doc`.
    /// - Complexity: O(tokens + terms log terms).
    func write(order: [Int], to writer: SegmentFileWriter) {
        let termCount = terms.count
        var next = [Int](repeating: 0, count: termCount + 1)
        var acc = 0
        for t in 0..<termCount { next[t] = acc; acc += Int(counts[t]) }
        let starts = next
        var outDoc = [UInt32](repeating: 0, count: tokens.count)
        var outPos = [UInt32](repeating: 0, count: tokens.count)
        tokens.withUnsafeBufferPointer { tk in
            outDoc.withUnsafeMutableBufferPointer { od in
                outPos.withUnsafeMutableBufferPointer { op in
                    for (newDoc, old) in order.enumerated() {
                        let end = old + 1 < docStarts.count ? docStarts[old + 1] : tk.count
                        for k in docStarts[old]..<end {
                            let v = tk[k]
                            let id = Int(v >> 32)
                            let i = next[id]
                            next[id] = i + 1
                            od[i] = UInt32(newDoc)
                            op[i] = UInt32(truncatingIfNeeded: v) // low 32 bits hold the position
                        }
                    }
                }
            }
        }
        var scratch = [UInt32]()
        scratch.reserveCapacity(256)
        for id in terms.sortedIDs() {
            var i = starts[id]
            let end = i + Int(counts[id])
            while i < end {
                let d = outDoc[i]
                scratch.removeAll(keepingCapacity: true)
                while i < end && outDoc[i] == d {
                    let p = outPos[i]
                    if scratch.last != p { scratch.append(p) } // stacked compound parts can repeat a position
                    i += 1
                }
                scratch.withUnsafeBufferPointer { writer.addPosting(doc: d, positions: $0) }
            }
            terms.withTerm(id) { writer.finishTerm($0) }
        }
    }
}
