/// In-memory inversion of one text field for one segment in progress.
///
/// While documents arrive it records, per token, `(termID << 32) | position` in one buffer (8 bytes per
/// token, no per-token allocation). At flush, a counting sort by term id in final doc order yields each
/// term's postings grouped by doc with ascending positions.
final class FieldInverter {
    let terms = TermHashMap()
    private let tokens = RawVector<UInt64>(capacity: 1 << 10)
    /// Per input doc: start of its tokens; `docStarts[i+1]` (or tokens.count) is its end.
    private var docStarts: [Int] = []
    private(set) var lengths: [UInt32] = []

    /// Bytes held, counting the flush-time scatter arrays (8 more bytes per token).
    var memoryBytes: Int { terms.memoryBytes + tokens.memoryBytes * 2 + docStarts.capacity * 12 }

    /// Tokenizes `text` with `analyzer` as the next document; returns its length (primary tokens).
    @inline(__always)
    func add(_ text: UnsafeRawBufferPointer, analyzer: Analyzer) -> UInt32 {
        docStarts.append(tokens.count)
        tokens.reserve(text.count / 5 + 16)
        // Unmanaged + _withUnsafeGuaranteedRef: self keeps both alive for the whole call; a plain (or
        // unowned(unsafe)) reference still costs a retain/release pair per token.
        let terms = Unmanaged.passUnretained(self.terms) // alive: self holds it for the whole call
        let tokens = Unmanaged.passUnretained(self.tokens) // alive: self holds it for the whole call
        let len = analyzer.forEachToken(in: text) { tok in
            terms._withUnsafeGuaranteedRef { t in tokens._withUnsafeGuaranteedRef { t.stage(tok.term, position: tok.position, into: $0) } }
        }
        self.terms.flushStaged(into: self.tokens)
        lengths.append(len)
        return len
    }

    /// Writes every term with its postings to `writer` (current field already begun).
    /// - Parameter order: `order[newDoc] = input doc`.
    /// - Complexity: O(tokens + terms log terms).
    func write(order: [Int], to writer: SegmentFileWriter) {
        terms.collectCounts()
        let termCount = terms.count
        let total = tokens.count
        let next = UnsafeMutablePointer<Int>.allocate(capacity: termCount + 1)
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: termCount + 1)
        let outDoc = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, total))
        let outPos = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, total))
        defer { next.deallocate(); starts.deallocate(); outDoc.deallocate(); outPos.deallocate() }
        var acc = 0
        for t in 0..<termCount { next[t] = acc; starts[t] = acc; acc += Int(terms.counts[t]) }
        let tk = tokens.base
        for (newDoc, old) in order.enumerated() {
            let end = old + 1 < docStarts.count ? docStarts[old + 1] : total
            var k = docStarts[old]
            while k < end {
                let v = tk[k]
                let id = Int(truncatingIfNeeded: v >> 32)
                let i = next[id]
                next[id] = i &+ 1 // < total
                outDoc[i] = UInt32(truncatingIfNeeded: newDoc) // doc count < 2^32
                outPos[i] = UInt32(truncatingIfNeeded: v) // low 32 bits hold the position
                k &+= 1 // k < end
            }
        }
        var scratch = [UInt32]()
        scratch.reserveCapacity(256)
        for id in terms.sortedIDs() {
            var i = starts[id]
            let end = i + Int(terms.counts[id])
            while i < end {
                let d = outDoc[i]
                let runStart = i
                var dup = false
                var prev = outPos[i]
                i += 1
                while i < end && outDoc[i] == d {
                    if outPos[i] == prev { dup = true } // stacked compound parts can repeat a position
                    prev = outPos[i]
                    i += 1
                }
                if !dup {
                    writer.addPosting(doc: d, positions: UnsafeBufferPointer(start: outPos + runStart, count: i - runStart))
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    for k in runStart..<i where scratch.last != outPos[k] { scratch.append(outPos[k]) }
                    scratch.withUnsafeBufferPointer { writer.addPosting(doc: d, positions: $0) }
                }
            }
            terms.withTerm(id) { writer.finishTerm($0) }
        }
    }
}
