// STOR file (byte layout):
//   toc[0] text blocks      LZ4 blocks (one LZ4 block format block per store block) of docs' extracted text;
//                           a build's shared store starts them on a 4 KiB boundary (zeros after the header) and
//                           pads each builder thread's append to whole 4 KiB pages with zeros (SharedTextStore),
//                           so blocks may have up to 4,095 zero bytes between them: readers use the block index
//   toc[1] text blocks idx  u64 blockCount, then per block: u64 file offset, u32 compressedLen, u32 rawLen (16 bytes)
//   toc[2] fields blocks    same, holding each doc's stored fields (StoredFieldsCodec)
//   toc[3] fields blocks idx same as toc[1]
//   toc[4] doc map          per doc (docCount entries, 16 bytes): u32 textBlock, u32 textSlot, u32 fieldsBlock, u32 fieldsSlot
// A raw (decompressed) block: vint docCount, docCount × vint byteLength, then the docs' bytes in order.
// Blocks close once their raw size reaches 64 KiB (text) or 16 KiB (fields). A block holds docs in the
// order they were added, which need not be doc-id order: a merge copies its inputs' compressed blocks
// verbatim and only rewrites the doc map.



/// Where one doc's text and fields live in the store.
struct StoreRef: Equatable {
    var textBlock: UInt32, textSlot: UInt32, fieldsBlock: UInt32, fieldsSlot: UInt32
}

/// Streams the STOR file: text blocks go to disk as they fill; field blocks and the doc map are kept until `finish`.
struct DocStoreWriter {
    private var text = StoreBlockBuilder(threshold: StoreBlockBuilder.textBlockBytes)
    private var fields = StoreBlockBuilder(threshold: 16 << 10)
    private var textStart: UInt64 = 0
    private var fieldSink = ByteSink()
    private var docMap = ByteSink()

    init(writer w: IndexFileWriter) { textStart = UInt64(w.offset) }

    /// Continues a store whose text blocks are already in the file (`SharedTextStore.adopt`): `index`
    /// holds them (offsets relative to `textStart`), `emitted` their bytes.
    init(textStart: UInt64, index: [(UInt64, UInt32, UInt32)], emitted: Int) {
        self.textStart = textStart
        text.index = index
        text.emitted = emitted
    }

    /// Adds the next doc (doc-id order).
    mutating func add(_ doc: StoredDocument, text bytes: UnsafeRawBufferPointer, to w: IndexFileWriter) {
        fieldSink.removeAll()
        StoredFieldsCodec.encode(doc, into: &fieldSink)
        let f = fieldSink.bytes.withUnsafeBytes { fields.add($0) }
        let t = text.add(bytes)
        addMapped(StoreRef(textBlock: t.0, textSlot: t.1, fieldsBlock: f.0, fieldsSlot: f.1))
        let drained = text.drain()
        if !drained.isEmpty { w.write(drained) }
    }

    /// Appends text blocks compressed while the segment was being built (docs in arrival order);
    /// returns the block number `b`'s block 0 got here. Docs are then added with `add(_:textRef:)`.
    mutating func addTextBlocks(_ b: inout StoreBlockBuilder, to w: IndexFileWriter) -> UInt32 {
        text.close()
        let pending = text.drain()
        if !pending.isEmpty { w.write(pending) }
        let base = UInt32(text.index.count)
        b.close()
        let bytes = b.drain()
        for (o, c, r) in b.index { text.index.append((UInt64(text.emitted) + o, c, r)) }
        text.emitted += bytes.count
        w.write(bytes)
        return base
    }

    /// Adds the next doc (doc-id order) whose text is slot `textRef.1` of block `textRef.0` (see `addTextBlocks`).
    mutating func add(_ doc: StoredDocument, textRef: (UInt32, UInt32)) {
        fieldSink.removeAll()
        StoredFieldsCodec.encode(doc, into: &fieldSink)
        let f = fieldSink.bytes.withUnsafeBytes { fields.add($0) }
        addMapped(StoreRef(textBlock: textRef.0, textSlot: textRef.1, fieldsBlock: f.0, fieldsSlot: f.1))
    }

    /// Copies every compressed block of `r` verbatim; returns the block numbers its block 0s got here.
    mutating func copyBlocks(of r: DocStoreReader, to w: IndexFileWriter) throws -> (text: UInt32, fields: UInt32) {
        text.close()
        fields.close()
        let bases: (UInt32, UInt32) = (UInt32(text.index.count), UInt32(fields.index.count))
        for b in 0..<r.blockCount(index: 1) {
            let (bytes, raw) = try r.compressedBlock(index: 1, b)
            _ = text.addCompressed(bytes, rawLength: raw)
            w.write(text.drain())
        }
        for b in 0..<r.blockCount(index: 3) {
            let (bytes, raw) = try r.compressedBlock(index: 3, b)
            _ = fields.addCompressed(bytes, rawLength: raw)
        }
        return bases
    }

    /// Records the next doc's location (doc-id order) for a doc whose bytes were added via `copyBlocks`.
    mutating func addMapped(_ ref: StoreRef) {
        docMap.u32(ref.textBlock); docMap.u32(ref.textSlot); docMap.u32(ref.fieldsBlock); docMap.u32(ref.fieldsSlot)
    }

    mutating func finish(_ w: IndexFileWriter) -> [UInt64] {
        text.close()
        w.write(text.drain())
        let textIndexAt = UInt64(w.offset)
        w.write(text.indexBytes(blocksStart: textStart))
        fields.close()
        let fieldsAt = UInt64(w.offset)
        w.write(fields.drain())
        let fieldsIndexAt = UInt64(w.offset)
        w.write(fields.indexBytes(blocksStart: fieldsAt))
        let mapAt = UInt64(w.offset)
        w.write(docMap)
        return [textStart, textIndexAt, fieldsAt, fieldsIndexAt, mapAt]
    }
}

/// Read-only view of a segment's document store.
struct DocStoreReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let docCount: UInt32
    private let map: UnsafeRawPointer

    init(file: MappedIndexFile, docCount: UInt32) throws {
        self.file = file
        self.docCount = docCount
        for i in [1, 3] {
            var s = ByteSource(try file.section(i))
            let n = try s.u64()
            guard n <= UInt64(file.size / 16) else { throw file.damaged("bad store index") }
            _ = try s.bytes(Int(n) * 16)
        }
        let m = try file.section(4)
        guard m.count >= Int(docCount) * 16 else { throw file.damaged("store doc map too short") }
        map = m.baseAddress ?? file.base
    }

    func blockCount(index: Int) -> Int {
        Int(Raw.u64(file.base, Int(file.toc[index])))
    }

    /// Compressed bytes and raw length of block `b` of the store whose index is section `index`.
    func compressedBlock(index: Int, _ b: Int) throws -> (UnsafeRawBufferPointer, UInt32) {
        let at = Int(file.toc[index])
        guard b >= 0, b < blockCount(index: index) else { throw file.damaged("store block number out of range") }
        let e = at + 8 + b * 16
        let off = Int(Raw.u64(file.base, e)), clen = Int(Raw.u32(file.base, e + 8)), rlen = Raw.u32(file.base, e + 12)
        guard off >= 16, clen >= 0, off <= file.bodyEnd - clen else { throw file.damaged("bad store block offset") }
        return (UnsafeRawBufferPointer(start: file.base + off, count: clen), rlen)
    }

    /// Where `doc` lives.
    func ref(_ doc: UInt32) throws -> StoreRef {
        guard doc < docCount else { throw file.damaged("doc id out of range") }
        let e = Int(doc) * 16
        return StoreRef(textBlock: Raw.u32(map, e), textSlot: Raw.u32(map, e + 4),
                        fieldsBlock: Raw.u32(map, e + 8), fieldsSlot: Raw.u32(map, e + 12))
    }

    /// The bytes of slot `slot` of block `block` of the store indexed by section `index`.
    private func slotBytes(index: Int, block: UInt32, slot: UInt32) throws -> [UInt8] {
        var cache: BlockCache? = nil
        return try slotBytes(index: index, block: block, slot: slot, cache: &cache)
    }

    /// The last decompressed block, reused while consecutive reads hit the same block (merges).
    struct BlockCache { var index: Int; var block: UInt32; var raw: [UInt8] }

    private func slotBytes(index: Int, block: UInt32, slot: UInt32, cache: inout BlockCache?) throws -> [UInt8] {
        if cache == nil || cache!.index != index || cache!.block != block { // cache checked non-nil first
            let (bytes, rlen) = try compressedBlock(index: index, Int(block))
            guard let raw = StoreCodec.decompress(bytes, rawLength: Int(rlen)) else { throw file.damaged("bad store block") }
            cache = BlockCache(index: index, block: block, raw: raw)
        }
        return try cache!.raw.withUnsafeBytes { rb -> [UInt8] in // set just above
            var s = ByteSource(rb)
            do {
                let count = try s.vintInt()
                let k = Int(slot)
                guard k < count else { throw ByteSource.Overrun() }
                var skip = 0, len = 0
                for i in 0..<count {
                    let l = try s.vintInt()
                    if i < k { skip += l } else if i == k { len = l }
                }
                _ = try s.bytes(skip)
                return Array(try s.bytes(len))
            } catch is ByteSource.Overrun { throw file.damaged("bad store block") }
        }
    }

    /// Stored fields of `doc`, reusing `cache` when its fields block is the cached one.
    func fields(_ doc: UInt32, cache: inout BlockCache?) throws -> StoredDocument {
        let r = try ref(doc)
        let b = try slotBytes(index: 3, block: r.fieldsBlock, slot: r.fieldsSlot, cache: &cache)
        return try b.withUnsafeBytes { rb in
            var s = ByteSource(rb)
            do { return try StoredFieldsCodec.decode(&s) } catch is ByteSource.Overrun { throw file.damaged("bad stored fields") }
        }
    }

    func fields(_ doc: UInt32) throws -> StoredDocument {
        let r = try ref(doc)
        let b = try slotBytes(index: 3, block: r.fieldsBlock, slot: r.fieldsSlot)
        return try b.withUnsafeBytes { rb in
            var s = ByteSource(rb)
            do { return try StoredFieldsCodec.decode(&s) } catch is ByteSource.Overrun { throw file.damaged("bad stored fields") }
        }
    }

    func text(_ doc: UInt32) throws -> [UInt8] {
        let r = try ref(doc)
        return try slotBytes(index: 1, block: r.textBlock, slot: r.textSlot)
    }
}
