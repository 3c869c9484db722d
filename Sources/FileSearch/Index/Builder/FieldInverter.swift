/// In-memory inversion of one text field for one segment in progress.
///
/// While documents arrive it records, per token, `(termID << 32) | position` in one buffer (8 bytes per
/// token, no per-token allocation); terms are interned in batches (`TermHashMap.stage`) so the hash
/// table's cache misses overlap. At flush, a counting sort by term id in final doc order yields each
/// term's postings grouped by doc with ascending positions.
final class FieldInverter {
    let terms = TermHashMap()
    private let tokens = RawVector<UInt64>(capacity: 1 << 10)
    /// Per input doc: start of its tokens; `docStarts[i+1]` (or tokens.count) is its end.
    private var docStarts: [Int] = []
    private(set) var lengths: [UInt32] = []
    /// Flush-time arrays, kept for the next segment: per term its next and first slot in the
    /// scatter array (only their capacity is used), and the scatter array (8 bytes per token, which
    /// the budget counts; kept, its pages are not faulted in and zeroed again at every flush).
    private let nextSlot = RawVector<UInt32>(capacity: 1 << 9)
    private let firstSlot = RawVector<UInt32>(capacity: 1 << 9)
    private let scatter = RawVector<UInt64>(capacity: 1 << 10)

    /// Bytes a new inverter holding these docs would hold, counting the flush-time scatter array
    /// (8 more bytes per token): what the memory budget counts.
    var memoryBytes: Int { terms.memoryBytes + tokens.accountedBytes * 2 + docStarts.count * 12 }

    /// Forgets every doc and term, keeping the memory for the next segment.
    func reset() {
        terms.reset()
        tokens.removeAll()
        docStarts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
    }

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
        // Token counts fit UInt32: a segment holds < 2^32 tokens (budget-bounded, 8+ bytes each).
        nextSlot.reserve(termCount + 1)
        firstSlot.reserve(termCount + 1)
        let next = nextSlot.base, starts = firstSlot.base // capacities reserved above; counts stay 0
        // One `newDoc << 32 | position` word per token: one scattered store per token, not two.
        scatter.reserve(total)
        let out = scatter.base // capacity reserved above; every slot below `total` is written before it is read
        var acc: UInt32 = 0
        for t in 0..<termCount { next[t] = acc; starts[t] = acc; acc &+= terms.counts[t] } // sum = total < 2^32
        let tk = tokens.base
        for (newDoc, old) in order.enumerated() {
            let end = old + 1 < docStarts.count ? docStarts[old + 1] : total
            let hi = UInt64(truncatingIfNeeded: newDoc) << 32 // doc count < 2^32
            var k = docStarts[old]
            while k < end {
                let v = tk[k]
                let id = Int(truncatingIfNeeded: v >> 32)
                let i = next[id]
                next[id] = i &+ 1 // < total
                out[Int(i)] = hi | (v & 0xFFFF_FFFF) // low 32 bits hold the position
                k &+= 1 // k < end
            }
        }
        // Positions of one posting, gathered (and de-duplicated) for the encoder.
        var scratchCapacity = 256
        var scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: scratchCapacity)
        defer { scratch.deallocate() }
        for id in terms.sortedIDs() {
            var i = Int(starts[id])
            let end = i + Int(terms.counts[id])
            while i < end {
                let hiDoc = out[i] >> 32
                var m = 0
                var prev = UInt32.max
                while i < end && out[i] >> 32 == hiDoc {
                    let pos = UInt32(truncatingIfNeeded: out[i]) // low half: the position
                    if pos != prev { // stacked compound parts can repeat a position
                        if m == scratchCapacity {
                            let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * scratchCapacity)
                            bigger.update(from: scratch, count: m)
                            scratch.deallocate()
                            scratch = bigger
                            scratchCapacity *= 2
                        }
                        scratch[m] = pos
                        m &+= 1 // m < scratchCapacity
                        prev = pos
                    }
                    i &+= 1 // i < end
                }
                writer.addPosting(doc: UInt32(truncatingIfNeeded: hiDoc), positions: UnsafeBufferPointer(start: scratch, count: m)) // doc < 2^32
            }
            terms.withTerm(id) { writer.finishTerm($0) }
        }
    }
}
