// Reads the POST/POSI layout described in PostingsEncoder.swift and PositionCodec.swift.

/// Iterates the postings of one term in one segment, in ascending doc order.
///
/// Created positioned on the first doc. `doc == UInt32.max` once exhausted.
/// Block-max metadata (`shallowAdvance`, `blockMaxFreq`, `blockMinLength`) comes from the skip table
/// without decoding blocks. The cursor keeps its segment's mapping alive.
public struct PostingsCursor {
    /// Bytes of one skip entry (PostingsEncoder.swift).
    static let skipEntry = 16 + 8 * ImpactSet.slots
    private let owner: AnyObject
    private let post: UnsafeRawPointer
    private let pos: UnsafeRawPointer
    private let lengths: UnsafeRawPointer
    private var termPos = 0
    private var dataStart = 0
    private var skipStart = 0
    /// Number of blocks with a skip entry (0 when docFreq < 128).
    private var skipBlocks = 0
    private var fullBlocks = 0
    public private(set) var docFreq = 0
    private let withPositions: Bool

    private var docs = [UInt32](repeating: 0, count: 128)
    private var freqs = [UInt32](repeating: 0, count: 128)
    /// `freqs` holds the loaded block's freqs; else they are read one at a time from `freqBits`
    /// (a seek that lands on one doc of a block needs one freq, not 128).
    private var freqsDecoded = false
    private var freqBits: UnsafeRawPointer
    private var freqWidth = 0
    private var count = 0
    private var index = 0
    private var block = 0
    public private(set) var doc: UInt32 = .max

    /// Bit offsets (from `pos`) of the unary parts and payloads of doc `posDocIndex` of the loaded block.
    private var posUnary = 0
    private var posPayload = 0
    private var posDocIndex = 0
    /// Where the positions of doc `posDocIndex - 1` start (for reading them again).
    private var lastUnary = 0
    private var lastPayload = 0

    private var shallowBlock = 0
    private var tailMaxFreq: UInt32 = 0
    private var tailMinLength: UInt32 = 0
    private var shallowExhausted = false

    init(owner: AnyObject, post: UnsafeRawPointer, pos: UnsafeRawPointer, lengths: UnsafeRawPointer,
         termPost: Int, termPos: Int, docFreq: Int, positions: Bool) {
        self.owner = owner
        self.post = post
        self.pos = pos
        self.lengths = lengths
        self.withPositions = positions
        freqBits = post
        reset(termPost: termPost, termPos: termPos, docFreq: docFreq)
    }

    /// Points the cursor at a term of its files, positioned on its first doc (a lone tail block's
    /// block-max data computed), keeping its block buffers: a merge reads millions of short lists with
    /// one cursor per input instead of two 512-byte arrays allocated and zeroed per list.
    mutating func reset(termPost: Int, termPos: Int, docFreq: Int) {
        self.termPos = termPos
        self.docFreq = docFreq
        freqBits = post
        freqsDecoded = false
        freqWidth = 0
        count = 0
        index = 0
        block = 0
        doc = .max
        posUnary = 0; posPayload = 0; posDocIndex = 0; lastUnary = 0; lastPayload = 0
        shallowBlock = 0; tailMaxFreq = 0; tailMinLength = 0; shallowExhausted = false
        fullBlocks = docFreq / 128
        skipBlocks = docFreq >= 128 ? (docFreq + 127) / 128 : 0
        skipStart = termPost
        dataStart = termPost + skipBlocks * Self.skipEntry
        guard docFreq > 0 else { return }
        load(block: 0)
        if skipBlocks == 0 {
            // Single tail block: compute its block-max data now (≤ 127 docs).
            for i in 0..<count {
                tailMaxFreq = max(tailMaxFreq, freqs[i])
            }
            var minLen = UInt32.max
            for i in 0..<count { minLen = min(minLen, Raw.u32(lengths, Int(docs[i]) * 4)) }
            tailMinLength = minLen
        }
    }

    @inline(__always) private func skipLastDoc(_ b: Int) -> UInt32 { Raw.u32(post, skipStart + b * Self.skipEntry) }
    /// First block ≥ `from` whose last doc is ≥ `target` (`skipBlocks` when none): galloping, then binary search.
    /// - Complexity: O(log distance) skip-entry reads.
    private func firstBlock(from: Int, lastDocAtLeast target: UInt32) -> Int {
        var lo = from, step = 1
        var hi = from
        while hi < skipBlocks && skipLastDoc(hi) < target { lo = hi + 1; hi = from + step; step *= 2 }
        hi = min(hi, skipBlocks)
        while lo < hi { // invariant: answer in [lo, hi]; blocks before lo end below target
            let mid = (lo + hi) / 2
            if skipLastDoc(mid) < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    @inline(__always) private func skipBlockEnd(_ b: Int) -> Int { Int(Raw.u32(post, skipStart + b * Self.skipEntry + 4)) }

    private mutating func load(block b: Int) {
        block = b
        index = 0
        let start = dataStart + (b == 0 ? 0 : skipBlockEnd(b - 1))
        let base: UInt32 = b == 0 ? 0 : skipLastDoc(b - 1)
        posDocIndex = 0
        if withPositions {
            // The block's positions chunk: vint unaryBytes, unary stream, payload stream.
            var p = termPos &+ (skipBlocks == 0 ? 0 : Int(truncatingIfNeeded: Raw.u64(post, skipStart + b * Self.skipEntry + 8))) // in-file offsets
            let unaryBytes = Int(Raw.vint(pos, &p))
            posUnary = p &* 8 // in-file bit offset
            posPayload = (p &+ unaryBytes) &* 8 // as above
        }
        if b < fullBlocks {
            let wd = Int(post.load(fromByteOffset: start, as: UInt8.self))
            let wf = Int(post.load(fromByteOffset: start + 1, as: UInt8.self))
            docs.withUnsafeMutableBufferPointer { d in
                // Doc ids from their gaps; ids < 2^32 by construction. 128-element array.
                BitPacking.unpackPrefixSums(post + start + 2, width: wd, base: base, into: d.baseAddress!)
            }
            freqBits = post + start + 2 + BitPacking.byteCount(width: wd)
            freqWidth = wf
            freqsDecoded = false
            count = 128
        } else {
            let n = docFreq - fullBlocks * 128
            var p = start
            var acc = base
            for i in 0..<n {
                let v = Raw.vint(post, &p)
                acc &+= v >> 1 // prefix sum; ids < 2^32 by construction
                docs[i] = acc
                freqs[i] = (v & 1) == 1 ? 1 : Raw.vint(post, &p)
            }
            count = n
            freqsDecoded = true
            for i in n..<128 { docs[i] = .max } // `advance` searches all 128 slots
        }
        doc = docs[0]
    }

    /// Unpacks the loaded block's freqs (stored as freq - 1) unless done.
    @inline(__always) private mutating func decodeFreqs() {
        guard !freqsDecoded else { return }
        let src = freqBits, w = freqWidth
        freqs.withUnsafeMutableBufferPointer { BitPacking.unpack(src, width: w, plus: 1, into: $0.baseAddress!) } // 128-element array
        freqsDecoded = true
    }

    /// Term frequency in the current doc.
    public var freq: UInt32 {
        freqsDecoded ? freqs[index] : BitPacking.value(freqBits, width: freqWidth, at: index) &+ 1 // stored as freq - 1 < 2^32
    }

    /// Moves to the next doc (or exhaustion).
    public mutating func next() {
        guard doc != .max else { return }
        index += 1
        if index < count { doc = docs[index]; return }
        nextBlock()
    }

    private mutating func nextBlock() {
        let nBlocks = skipBlocks == 0 ? 1 : skipBlocks
        if block + 1 < nBlocks { load(block: block + 1) } else { doc = .max; index = count - 1 }
    }

    /// Calls `visit(doc, freq)` for every doc from the current one up to `last` (inclusive), in
    /// ascending order, and leaves the cursor on the first doc > `last` (or exhausted).
    /// Requires `last < UInt32.max`. Blocks are read through unsafe buffers (no per-doc checks).
    @inline(__always)
    mutating func forEach(through last: UInt32, _ visit: (UInt32, UInt32) -> Void) {
        while doc <= last { // exhausted (.max) > last
            decodeFreqs()
            let n = count
            var i = index
            docs.withUnsafeBufferPointer { d in
                freqs.withUnsafeBufferPointer { f in
                    while i < n && d[i] <= last { visit(d[i], f[i]); i &+= 1 } // i < n ≤ 128
                }
            }
            if i < n { index = i; doc = docs[i]; return }
            index = n - 1
            nextBlock()
        }
    }

    /// Moves to the first doc ≥ `target`; no-op when already there.
    /// - Complexity: skips whole blocks via the skip table; within a block, one compare for the next
    ///   doc, else a branch-free binary search of the block's 128 slots (7 steps).
    public mutating func advance(to target: UInt32) {
        guard doc < target else { return }
        if skipBlocks > 0, docs[count - 1] < target {
            let b = firstBlock(from: block + 1, lastDocAtLeast: target)
            if b >= skipBlocks { doc = .max; index = count - 1; return }
            load(block: b)
        } else if docs[count - 1] < target {
            doc = .max; index = count - 1; return
        }
        // Unless a freshly loaded block starts at or past `target`: the next doc (a conjunction
        // stepping along), or else the count of the block's docs below `target` by a branch-free
        // binary search of the 128 slots (slots past a tail block's docs hold UInt32.max).
        if docs[index] < target {
            if index + 1 < count && docs[index + 1] >= target {
                index += 1
            } else {
                index = docs.withUnsafeBufferPointer { d in
                    // Lower bound: the answer stays in first...first + n.
                    var first = 0, n = 128
                    while n > 1 {
                        let half = n &>> 1
                        first = d[first &+ half] < target ? first &+ half : first // first + half < 128
                        n &-= half // n > half
                    }
                    return d[first] < target ? first &+ 1 : first // ≤ 128; 128 only when every slot is below, excluded above
                }
            }
        }
        doc = docs[index]
    }

    /// Code order of doc `i` of the loaded block (PositionCodec.swift).
    @inline(__always) private func positionOrder(_ i: Int) -> Int {
        PositionCodec.order(length: Raw.u32(lengths, Int(docs[i]) &* 4), freq: freqs[i]) // doc < docCount: in the column
    }

    /// Moves (`posUnary`, `posPayload`) to the current doc's positions: skips the codes of this block's
    /// earlier docs not read yet (a popcount per 64 unary bits), or rewinds when the current doc's
    /// positions were already read; records the start in (`lastUnary`, `lastPayload`).
    @inline(__always)
    private mutating func seekPositionsOfCurrentDoc() {
        if posDocIndex == index + 1 { posUnary = lastUnary; posPayload = lastPayload; posDocIndex = index } // read again
        if posDocIndex < index {
            var n = 0, kk = 0
            while posDocIndex < index {
                let f = Int(freqs[posDocIndex])
                n &+= f // Σ freq ≤ 128 · 2^32: no overflow
                kk &+= f &* positionOrder(posDocIndex) // as above
                posDocIndex += 1
            }
            PositionCodec.skip(pos, unary: &posUnary, payload: &posPayload, count: n, orderSum: kk)
        }
        lastUnary = posUnary
        lastPayload = posPayload
    }

    /// Replaces the contents of `out` with the ascending positions of the current doc.
    /// Requires the cursor to have been opened with `positions: true` (otherwise `out` is emptied).
    public mutating func positions(into out: inout [UInt32]) {
        guard withPositions, doc != .max else { out.removeAll(keepingCapacity: true); return }
        decodeFreqs()
        seekPositionsOfCurrentDoc()
        PositionCodec.decodePositions(pos, unary: &posUnary, payload: &posPayload, count: Int(freqs[index]),
                                      order: positionOrder(index), into: &out)
        posDocIndex = index + 1
    }

    /// Takes a run for a merge: the current doc and the next docs of the loaded block while their new
    /// ids `remap[doc]` stay below `bound`, at most `limit` (≥ 1) docs. Writes their new ids, freqs and
    /// field lengths to `newDocs`/`runFreqs`/`runLengths`, moves past them, and returns how many with
    /// their encoded positions: one bit run each for the unary parts and payloads (a block's docs'
    /// codes follow each other), copied verbatim by `PostingsEncoder.addEncodedRun`.
    /// Requires positions, a current doc, and `remap[doc] < bound` for it (the run is never empty).
    /// - Complexity: O(run + its unary bits / 64).
    mutating func takeRun(limit: Int, below bound: UInt32, remap: UnsafePointer<UInt32>, newDocs: UnsafeMutablePointer<UInt32>,
                          runFreqs: UnsafeMutablePointer<UInt32>, runLengths: UnsafeMutablePointer<UInt32>) -> (count: Int, bits: PositionBits) {
        decodeFreqs()
        seekPositionsOfCurrentDoc()
        let u0 = posUnary, p0 = posPayload
        let n = count, lens = lengths
        var i = index, m = 0, values = 0, orders = 0
        docs.withUnsafeBufferPointer { d in
            freqs.withUnsafeBufferPointer { f in
                repeat {
                    let old = Int(truncatingIfNeeded: d[i]) // a doc of the block: < docCount
                    let len = Raw.u32(lens, old &* 4), fr = f[i]
                    newDocs[m] = remap[old]
                    runFreqs[m] = fr
                    runLengths[m] = len
                    values &+= Int(truncatingIfNeeded: fr) // Σ freq ≤ 128 · 2^32: no overflow
                    orders &+= Int(truncatingIfNeeded: fr) &* PositionCodec.order(length: len, freq: fr) // as above, k ≤ 24
                    m &+= 1; i &+= 1 // ≤ 128
                } while i < n && m < limit && remap[Int(truncatingIfNeeded: d[i])] < bound // i < n: a doc of the block
            }
        }
        PositionCodec.skip(pos, unary: &posUnary, payload: &posPayload, count: values, orderSum: orders)
        posDocIndex = i
        let bits = PositionBits(unary: BitRun(base: pos, start: u0, count: posUnary &- u0),
                                payload: BitRun(base: pos, start: p0, count: posPayload &- p0)) // offsets only grow
        if i < n { index = i; doc = docs[i] } else { index = n - 1; nextBlock() }
        return (m, bits)
    }

    /// Moves the block-max view to the block that would contain `target`, without decoding;
    /// returns that block's last doc, or `UInt32.max` when `target` is past the last doc.
    public mutating func shallowAdvance(to target: UInt32) -> UInt32 {
        if skipBlocks == 0 {
            let last = count > 0 ? docs[count - 1] : 0
            shallowExhausted = docFreq == 0 || target > last
            return shallowExhausted ? .max : last
        }
        if shallowBlock < block { shallowBlock = block }
        if shallowBlock < skipBlocks && skipLastDoc(shallowBlock) < target {
            shallowBlock = firstBlock(from: shallowBlock + 1, lastDocAtLeast: target)
        }
        shallowExhausted = shallowBlock >= skipBlocks
        return shallowExhausted ? .max : skipLastDoc(shallowBlock)
    }

    /// Largest term frequency in the block last shallow-advanced to (0 past the end).
    public var blockMaxFreq: UInt32 {
        if shallowExhausted { return 0 }
        return skipBlocks == 0 ? tailMaxFreq : Raw.u32(post, skipStart + shallowBlock * Self.skipEntry + 16 + (ImpactSet.slots - 1) * 8)
    }

    /// Smallest field length of a doc in the block last shallow-advanced to.
    public var blockMinLength: UInt32 {
        if shallowExhausted { return .max }
        return skipBlocks == 0 ? tailMinLength : Raw.u32(post, skipStart + shallowBlock * Self.skipEntry + 20)
    }

    /// Number of competitive (freq, length) pairs of a block (`blockImpact(_:)`).
    public static var impactCount: Int { ImpactSet.slots }

    /// Competitive pair `i` (< `impactCount`) of the block last shallow-advanced to: every doc of the
    /// block has freq ≤ f and length ≥ length for at least one pair; pairs ascend in both.
    /// Past the end: (0, max).
    public func blockImpact(_ i: Int) -> (freq: UInt32, length: UInt32) {
        if shallowExhausted { return (0, .max) }
        if skipBlocks == 0 { return (tailMaxFreq, tailMinLength) }
        let o = skipStart + shallowBlock * Self.skipEntry + 16 + i * 8
        return (Raw.u32(post, o), Raw.u32(post, o + 4))
    }
}
