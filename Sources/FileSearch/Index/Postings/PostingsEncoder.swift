// Postings of one term in the POST file (byte layout), docFreq = df:
//
//   if df >= 128:  skip table, ceil(df/128) entries of 48 bytes, one per block:
//                    u32 lastDoc      last doc id of the block
//                    u32 blockEnd     end of the block's bytes, relative to the start of the block data
//                    u64 posOffset    byte offset of the block's positions chunk, relative to the
//                                     term's positions start (PositionCodec.swift)
//                    4 × (u32 freq, u32 length)   competitive impacts (block-max WAND): every doc of the
//                                     block has freq ≤ f and length ≥ len for at least one pair; pairs
//                                     ascend in both freq and length (the first has the block's minimum
//                                     length, the last its maximum freq); the Pareto set of the block's
//                                     (freq, length) pairs, adjacent pairs merged into dominating ones
//                                     when it has more than 4 (ImpactSet.swift), the last pair repeated when fewer;
//                                     all 0 in a segment flushed only to be merged (never committed or queried)
//   block data:    floor(df/128) full blocks:
//                    u8 docWidth, u8 freqWidth,
//                    128 doc deltas bit-packed at docWidth   (delta to the previous doc; first delta of the
//                                                             term is the doc id itself)
//                    128 (freq - 1) bit-packed at freqWidth
//                  then the tail (df mod 128 docs), per doc:
//                    vint (delta << 1) | (freq == 1 ? 1 : 0), then vint freq when freq != 1
//
// Positions of one term in the POSI file: one chunk per postings block, per doc in postings order `freq`
// exponential-Golomb codes whose order depends on the doc's field length and freq, unary parts and
// payloads in two bit streams (layout in PositionCodec.swift).

/// Encodes the postings and positions of one term at a time, streaming docs in ascending order.
///
/// Usage: `add(doc:positions:fieldLength:)` for every doc, then `finish()`; the encoder is reusable.
/// - Complexity: O(postings + positions) per term.
struct PostingsEncoder {
    private var docs = [UInt32](repeating: 0, count: 128)
    private var freqs = [UInt32](repeating: 0, count: 128)
    private var lens = [UInt32](repeating: 0, count: 128)
    private var impacts = ImpactSet()
    /// Average field length of the segment (tunes which impacts are merged; never affects correctness).
    var avgLength: Double = 1
    /// False for a segment written only to be merged (never committed, never queried): its skip
    /// entries' impacts stay 0 — the merge computes the merged blocks' own and reads none of these.
    var computesImpacts = true
    private var n = 0
    private var lastDoc: UInt32 = 0
    private var blockBase: UInt32 = 0
    private var blockPosStart: UInt64 = 0
    private var skip = ByteSink()
    private var data = ByteSink()
    private var unary = PositionWriter()
    private var payload = PositionWriter()
    /// Positions bytes of the current term (complete after `finish()`).
    private(set) var positions = ByteSink()
    private(set) var docFreq = 0
    private(set) var totalTermFreq = 0

    init() {}

    /// Appends one doc (greater than the previous) with its ascending distinct positions (at least one).
    /// `fieldLength` is the doc's length in the field (it sets the positions' code order).
    mutating func add(doc: UInt32, positions ps: UnsafeBufferPointer<UInt32>, fieldLength: UInt32) {
        let freq = UInt32(ps.count)
        if n == 0 { blockPosStart = UInt64(positions.count) }
        let k = PositionCodec.order(length: fieldLength, freq: freq)
        var prev = UInt32.max // first value: p - (max) - 1 wraps to p
        for p in ps {
            PositionCodec.encode(p &- prev &- 1, order: k, unary: &unary, payload: &payload) // ascending distinct: gap ≥ 1; see prev
            prev = p
        }
        record(doc: doc, freq: freq, fieldLength: fieldLength)
    }

    /// Docs the current block takes before it is written (1…128): the longest run `addEncodedRun` accepts.
    var blockRoom: Int { 128 &- n } // n < 128 between calls

    /// Appends `m` docs (1 ≤ m ≤ `blockRoom`, ascending, above the previous) whose positions are already
    /// encoded, as `bits`: they must have been written for the same field lengths and freqs (a merge:
    /// both are unchanged by renumbering), so they are copied verbatim.
    mutating func addEncodedRun(docs newDocs: UnsafePointer<UInt32>, freqs runFreqs: UnsafePointer<UInt32>,
                                lengths runLengths: UnsafePointer<UInt32>, count m: Int, positions bits: PositionBits) {
        if n == 0 { blockPosStart = UInt64(positions.count) }
        unary.append(bits.unary)
        payload.append(bits.payload)
        let at = n
        docs.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: at).update(from: newDocs, count: m) } // at + m ≤ 128
        lens.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: at).update(from: runLengths, count: m) } // as above
        var total = 0
        freqs.withUnsafeMutableBufferPointer { f in
            for i in 0..<m { f[at &+ i] = runFreqs[i]; total &+= Int(truncatingIfNeeded: runFreqs[i]) } // at + m ≤ 128; Σ < 2^40
        }
        n = at &+ m // ≤ 128
        docFreq &+= m // bounded by docs
        totalTermFreq &+= total // bounded by tokens
        lastDoc = newDocs[m &- 1] // m ≥ 1
        if n == 128 { flushFullBlock() }
    }

    /// Appends one doc without positions (a stem group's list, StemMap.swift): the term's positions
    /// stay empty chunks and its skip entries' positions offsets 0.
    mutating func addCounts(doc: UInt32, freq: UInt32, fieldLength: UInt32) {
        if n == 0 { blockPosStart = 0 }
        record(doc: doc, freq: freq, fieldLength: fieldLength)
    }

    /// Records a doc of the current block (its positions, if any, already appended); flushes a full block.
    @inline(__always) private mutating func record(doc: UInt32, freq: UInt32, fieldLength: UInt32) {
        docs[n] = doc
        freqs[n] = freq
        lens[n] = fieldLength
        n += 1
        docFreq += 1
        totalTermFreq += Int(freq)
        lastDoc = doc
        if n == 128 { flushFullBlock() }
    }

    private mutating func flushFullBlock() {
        if computesImpacts { impacts.compute(freqs: freqs, lengths: lens, count: 128, avgLength: avgLength) }
        var maxDelta: UInt32 = 0, maxF: UInt32 = 0
        var prev = blockBase
        let first = docFreq == 128 // very first block: first delta is the doc itself
        for i in 0..<128 {
            let d = (i == 0 && first) ? docs[0] : docs[i] &- prev // ascending docs: no wrap
            prev = docs[i]
            docs[i] = d
            maxDelta |= d
            freqs[i] -= 1 // freq ≥ 1
            maxF |= freqs[i]
        }
        let wd = BitPacking.width(maxDelta), wf = BitPacking.width(maxF)
        data.u8(UInt8(wd))
        data.u8(UInt8(wf))
        docs.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: wd, into: &data) } // 128-element array
        freqs.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: wf, into: &data) } // 128-element array
        writeSkip()
        flushPositionsChunk()
        blockBase = lastDoc
        n = 0
    }

    /// Appends the block's positions chunk (`vint unaryBytes`, unary stream, payload stream).
    private mutating func flushPositionsChunk() {
        positions.vint(unary.byteCount)
        unary.write(to: &positions)
        payload.write(to: &positions)
        unary.removeAll()
        payload.removeAll()
    }

    private mutating func writeSkip() {
        skip.u32(lastDoc)
        skip.u32(UInt32(data.count))
        skip.u64(blockPosStart)
        for i in 0..<ImpactSet.slots {
            skip.u32(impacts.freqs[i])
            skip.u32(impacts.lengths[i])
        }
    }

    /// Finishes the term: returns its postings bytes (skip table + blocks + tail) and leaves
    /// `positions` holding its positions bytes until the next `reset()`.
    mutating func finish() -> ByteSink {
        if n > 0 {
            flushPositionsChunk()
            var prev = blockBase
            let first = docFreq == n
            for i in 0..<n {
                let d = (i == 0 && first) ? docs[0] : docs[i] &- prev // ascending docs: no wrap
                prev = docs[i]
                if freqs[i] == 1 {
                    data.vint((UInt64(d) << 1) | 1)
                } else {
                    data.vint(UInt64(d) << 1)
                    data.vint(freqs[i])
                }
            }
            if docFreq >= 128 {
                if computesImpacts { impacts.compute(freqs: freqs, lengths: lens, count: n, avgLength: avgLength) }
                writeSkip()
            }
            n = 0
        }
        var out = ByteSink(capacity: skip.count + data.count)
        if docFreq >= 128 { out.raw(skip.bytes) }
        out.raw(data.bytes)
        return out
    }

    /// Clears all state for the next term.
    mutating func reset() {
        n = 0
        lastDoc = 0
        blockBase = 0
        skip.removeAll()
        data.removeAll()
        unary.removeAll()
        payload.removeAll()
        positions.removeAll()
        docFreq = 0
        totalTermFreq = 0
    }
}
