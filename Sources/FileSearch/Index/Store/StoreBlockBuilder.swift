// A store block (byte layout, before compression): vint docCount, docCount × vint byteLength, then the
// docs' bytes in order. Compressed as one LZ4 block (StoreCompression.swift); see DocStore.swift for the file layout.

/// Buffers documents into compressed blocks and records where each one went.
struct StoreBlockBuilder {
    /// Raw bytes per text block (documents' extracted text; a block is closed once it reaches this).
    static let textBlockBytes = 64 << 10

    /// Longest stored text of one doc. LZ4 compresses at most ~2 GiB per block: a longer doc keeps its
    /// first `maxDocBytes` in the store (for snippets; its postings are complete), so no block exceeds it.
    static let maxDocBytes = 1 << 30

    let threshold: Int
    let maxDocBytes: Int
    var lengths: [Int] = []
    /// `headroom` bytes, then the pending docs' bytes: a block's header usually fits in front of them,
    /// so the block is compressed in place instead of being copied behind its header first.
    private var data = [UInt8](repeating: 0, count: StoreBlockBuilder.headroom)
    /// Bytes kept free before the docs for the block header (vint count + a vint per doc: ≤ 50 docs at
    /// any length, hundreds of short ones; a longer header takes the copying path).
    static let headroom = 256
    /// Per closed block: (offset relative to the blocks' start, compressed length, raw length).
    var index: [(UInt64, UInt32, UInt32)] = []
    var out = ByteSink()
    /// Compressed bytes produced so far (drained or not).
    var emitted = 0

    private let compressor = StoreCompressor()
    /// The block being closed, header and docs (kept: one allocation per builder, not per block).
    private var raw = ByteSink()

    init(threshold: Int, maxDocBytes: Int = StoreBlockBuilder.maxDocBytes) {
        self.threshold = threshold
        self.maxDocBytes = maxDocBytes
    }

    /// Heap bytes held: the pending raw block and the compressed bytes not drained yet.
    var memoryBytes: Int { data.capacity + raw.bytes.capacity + out.bytes.capacity + index.capacity * 24 }

    /// Adds a doc (its first `maxDocBytes` bytes); returns its (block, slot).
    mutating func add(_ bytes: UnsafeRawBufferPointer) -> (UInt32, UInt32) {
        let kept = bytes.count <= maxDocBytes ? bytes : UnsafeRawBufferPointer(rebasing: bytes[0..<maxDocBytes])
        let ref = (UInt32(index.count), UInt32(lengths.count))
        lengths.append(kept.count)
        data.append(contentsOf: kept) // < headroom + threshold + maxDocBytes raw bytes per block
        if data.count - StoreBlockBuilder.headroom >= threshold { close() }
        return ref
    }

    /// Appends an already compressed block (merge); returns its block number.
    mutating func addCompressed(_ bytes: UnsafeRawBufferPointer, rawLength: UInt32) -> UInt32 {
        close()
        index.append((UInt64(emitted), UInt32(bytes.count), rawLength))
        out.raw(bytes)
        emitted += bytes.count
        return UInt32(index.count - 1)
    }

    /// Compresses the pending block into `out`.
    mutating func close() {
        guard !lengths.isEmpty else { return }
        raw.removeAll()
        raw.vint(lengths.count)
        for l in lengths { raw.vint(l) }
        let header = raw.count
        let n: Int
        if header <= StoreBlockBuilder.headroom {
            // The header right before the docs: the block is contiguous in `data`.
            let from = StoreBlockBuilder.headroom - header
            data.withUnsafeMutableBytes { d in raw.bytes.withUnsafeBytes { h in (d.baseAddress! + from).copyMemory(from: h.baseAddress!, byteCount: header) } } // both non-empty: headroom > 0, header ≥ 2
            n = data.withUnsafeBytes { compressor.compress(UnsafeRawBufferPointer(rebasing: $0[from...]), appendingTo: &out) }
        } else {
            data.withUnsafeBytes { raw.raw(UnsafeRawBufferPointer(rebasing: $0[StoreBlockBuilder.headroom...])) }
            n = compressor.compress(raw.bytes, appendingTo: &out)
        }
        index.append((UInt64(emitted), UInt32(n), UInt32(header + data.count - StoreBlockBuilder.headroom)))
        emitted += n
        lengths.removeAll(keepingCapacity: true)
        data.removeLast(data.count - StoreBlockBuilder.headroom)
    }

    /// Takes the compressed bytes produced so far.
    mutating func drain() -> [UInt8] { defer { out.removeAll() }; return out.bytes }

    func indexBytes(blocksStart: UInt64) -> ByteSink {
        var s = ByteSink()
        s.u64(UInt64(index.count))
        for (o, c, r) in index { s.u64(blocksStart + o); s.u32(c); s.u32(r) }
        return s
    }
}
