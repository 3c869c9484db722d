/// A segment being built in memory: stored documents, their text, and both inverted fields.
///
/// Not thread-safe: each builder thread owns one. Doc ids are assigned at `flush`, in filed-date order
/// (undated last, ties by arrival order, given by the caller), so a filed-date range is a doc-id interval.
final class MemorySegment {
    private var stored: [StoredDocument] = []
    private var arrival: [UInt64] = []
    /// Docs' text, compressed as it arrives (blocks in arrival order; the doc map is written at flush).
    private var textStore = StoreBlockBuilder(threshold: StoreBlockBuilder.textBlockBytes)
    /// Per arrival index: (block, slot) in `textStore`.
    private var textRefs: [(UInt32, UInt32)] = []
    /// The build's shared text store (nil: the text blocks stay here until `flush` writes them).
    private let sharedText: SharedTextStore?
    /// Per block of `textStore` closed so far, its number in the store the docs are read from (with
    /// `sharedText`: filled as blocks close; without: at `flush`).
    private var storeBlocks: [UInt32] = []
    private let body = FieldInverter()
    private let meta = FieldInverter()
    private let analyzer = Analyzer(mode: .index)
    private var metaScratch: [UInt8] = []
    private(set) var textBytes = 0

    /// - Parameter sharedText: the build's shared text store: text blocks go there as soon as they
    ///   close (block numbers in it), not to this segment's store (which then only a merge with that
    ///   store can read).
    init(sharedText: SharedTextStore? = nil) { self.sharedText = sharedText }

    var documentCount: Int { stored.count }
    var isEmpty: Bool { stored.isEmpty }

    /// Approximate heap bytes held (what the memory budget is checked against).
    var memoryBytes: Int { textStore.memoryBytes + body.memoryBytes + meta.memoryBytes + stored.count * 512 }

    /// Adds one record (analyzes body and meta now). `arrival` = its input position (ties of the date order).
    func add(_ r: DocumentRecord, arrival a: UInt64) {
        arrival.append(a)
        var d = StoredDocument(r)
        d.text = []
        stored.append(d)
        _ = r.text.withUnsafeBytes { body.add($0, analyzer: analyzer) }
        textRefs.append(r.text.withUnsafeBytes { textStore.add($0) })
        if sharedText != nil && textStore.out.count >= SharedTextStore.appendBytes { shareClosedBlocks() }
        textBytes += r.text.count
        metaScratch = r.metaText
        _ = metaScratch.withUnsafeBytes { meta.add($0, analyzer: analyzer) }
    }

    /// Moves the blocks closed since the last call to the shared store.
    private func shareClosedBlocks() {
        guard let shared = sharedText else { return }
        let first = storeBlocks.count
        let base = shared.appendClosed(&textStore, from: first)
        for k in 0..<(textStore.index.count - first) { storeBlocks.append(base + UInt32(k)) } // block counts < 2^32
    }

    /// Empties the segment after `flush`, keeping the inverters' memory for the next one.
    func reset() {
        stored.removeAll(keepingCapacity: true)
        arrival.removeAll(keepingCapacity: true)
        textStore = StoreBlockBuilder(threshold: StoreBlockBuilder.textBlockBytes)
        textRefs.removeAll(keepingCapacity: true)
        storeBlocks.removeAll(keepingCapacity: true)
        body.reset()
        meta.reset()
        textBytes = 0
    }

    /// Final doc order: `order[newDoc] = arrival index`.
    private func finalOrder() -> [Int] {
        let keys = stored.map { $0.filed?.daysSinceEpoch ?? Int32.max }
        return (0..<stored.count).sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : arrival[a] < arrival[b]
        }
    }

    /// Writes the segment `<directory>/<name>.*` (fsync'd when `final`) and returns its commit record.
    /// - Parameter final: false for a segment that will be merged (no stem map, no fsync: the merge,
    ///   even of a lone segment, writes the final one).
    /// - Throws: `SearchError.index` on I/O errors.
    func flush(directory: String, name: String, final: Bool = true) throws -> SegmentMeta {
        let order = finalOrder()
        let w = try SegmentFileWriter(directory: directory, name: name, final: final)
        textStore.close()
        if sharedText != nil {
            shareClosedBlocks()
        } else {
            let base = w.addTextBlocks(&textStore)
            for k in 0..<textStore.index.count { storeBlocks.append(base + UInt32(k)) } // block counts < 2^32
        }
        for old in order {
            let (block, slot) = textRefs[old]
            w.addDocument(stored[old], textRef: (storeBlocks[Int(block)], slot),
                          bodyLength: body.lengths[old], metaLength: meta.lengths[old], arrival: arrival[old])
        }
        w.beginField(.body)
        body.write(order: order, to: w)
        w.beginField(.meta)
        meta.write(order: order, to: w)
        return try w.finish()
    }
}
