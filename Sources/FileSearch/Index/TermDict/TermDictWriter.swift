// TERM file (byte layout). toc[f] = start of the section of text field f (0 body, 1 meta):
//
//   u64 termCount
//   u64 blockCount
//   blockCount × u64   absolute file offset of each block
//   blocks: up to 32 terms each, in ascending byte order; per term:
//     vint prefixLen   bytes shared with the previous term of the block (0 for a block's first term)
//     vint suffixLen, suffix bytes
//     vint docFreq
//     vint totalTermFreq - docFreq
//     vint postings offset  (first term of a block: absolute in POST; others: delta to the previous term)
//     vint positions offset (same, in POSI)
//
// Term ordinal o lives in block o / 32 at index o % 32.

/// Where a term's data lives and how often it occurs.
struct TermInfo: Equatable {
    var docFreq: Int
    var totalTermFreq: Int
    var postingsOffset: UInt64
    var positionsOffset: UInt64
}

/// Builds the dictionary of one text field in memory (terms must be added in ascending order).
struct TermDictWriter {
    static let blockSize = 32
    private(set) var termCount = 0
    private var blocks = ByteSink()
    private var blockStarts: [Int] = []
    private var previous: [UInt8] = []
    private var prevInfo = TermInfo(docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)

    mutating func add(_ term: UnsafeRawBufferPointer, _ info: TermInfo) {
        let first = termCount % TermDictWriter.blockSize == 0
        var prefix = 0
        if first {
            blockStarts.append(blocks.count)
        } else {
            let m = min(previous.count, term.count)
            while prefix < m && previous[prefix] == term[prefix] { prefix += 1 }
        }
        blocks.vint(prefix)
        blocks.vint(term.count - prefix)
        blocks.raw(UnsafeRawBufferPointer(rebasing: term[prefix...]))
        blocks.vint(info.docFreq)
        blocks.vint(info.totalTermFreq - info.docFreq)
        blocks.vint(first ? info.postingsOffset : info.postingsOffset - prevInfo.postingsOffset)
        blocks.vint(first ? info.positionsOffset : info.positionsOffset - prevInfo.positionsOffset)
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        prevInfo = info
        termCount += 1
    }

    /// Writes the section at the writer's current offset.
    func write(to w: IndexFileWriter) {
        var head = ByteSink()
        head.u64(UInt64(termCount))
        head.u64(UInt64(blockStarts.count))
        let blocksAt = w.offset + 16 + blockStarts.count * 8
        for s in blockStarts { head.u64(UInt64(blocksAt + s)) }
        w.write(head)
        w.write(blocks)
    }
}
