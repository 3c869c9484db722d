// STOR file (byte layout):
//   toc[0] text blocks      zlib (compress2, level 1) blocks of consecutive docs' extracted text
//   toc[1] text index       u64 blockCount, then per block: u32 firstDoc, u64 file offset, u32 compressedLen, u32 rawLen
//   toc[2] fields blocks    same blocking, holding the stored fields of each doc (StoredFieldsCodec)
//   toc[3] fields index     same as toc[1]
// A raw (decompressed) block: vint docCount, docCount × vint byteLength, then the docs' bytes in order.
// Blocks close once their raw size reaches 64 KiB (text) or 16 KiB (fields).

import CZlib

/// Buffers consecutive documents into compressed blocks.
struct StoreBlockBuilder {
    let threshold: Int
    var lengths: [Int] = []
    var data: [UInt8] = []
    var firstDoc: UInt32 = 0
    var nextDoc: UInt32 = 0
    /// (firstDoc, offset relative to the blocks' start, compressed length, raw length)
    var index: [(UInt32, UInt64, UInt32, UInt32)] = []
    var out = ByteSink()
    /// Compressed bytes produced so far (drained or not).
    var emitted = 0

    init(threshold: Int) { self.threshold = threshold }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        if lengths.isEmpty { firstDoc = nextDoc }
        lengths.append(bytes.count)
        data.append(contentsOf: bytes)
        nextDoc += 1
        if data.count >= threshold { close() }
    }

    /// Compresses the pending block into `out`.
    mutating func close() {
        guard !lengths.isEmpty else { return }
        var raw = ByteSink(capacity: data.count + lengths.count * 3 + 8)
        raw.vint(lengths.count)
        for l in lengths { raw.vint(l) }
        raw.raw(data)
        let compressed = StoreCodec.compress(raw.bytes)
        index.append((firstDoc, UInt64(emitted), UInt32(compressed.count), UInt32(raw.count)))
        out.raw(compressed)
        emitted += compressed.count
        lengths.removeAll(keepingCapacity: true)
        data.removeAll(keepingCapacity: true)
    }

    /// Takes the compressed bytes produced so far (call after `close` or between blocks).
    mutating func drain() -> [UInt8] { defer { out.removeAll() }; return out.bytes }

    func indexBytes(blocksStart: UInt64) -> ByteSink {
        var s = ByteSink()
        s.u64(UInt64(index.count))
        for (f, o, c, r) in index { s.u32(f); s.u64(blocksStart + o); s.u32(c); s.u32(r) }
        return s
    }
}

/// zlib helpers.
enum StoreCodec {
    static func compress(_ raw: [UInt8]) -> [UInt8] {
        var cap = compressBound(uLong(raw.count))
        var out = [UInt8](repeating: 0, count: Int(cap))
        let rc = raw.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                compress2(dst.baseAddress!.assumingMemoryBound(to: Bytef.self), &cap, // buffer sized by compressBound
                          src.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(raw.count), 1) // raw is non-empty (≥ 1 vint)
            }
        }
        precondition(rc == Z_OK, "zlib compress2 failed (\(rc)) with a compressBound-sized buffer")
        out.removeSubrange(Int(cap)...)
        return out
    }

    /// Decompresses exactly `rawLength` bytes, or nil when the data is not valid zlib of that size.
    static func decompress(_ src: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0, let sp = src.baseAddress else { return nil }
        var out = [UInt8](repeating: 0, count: rawLength)
        var len = uLong(rawLength)
        let rc = out.withUnsafeMutableBytes { dst in
            uncompress(dst.baseAddress!.assumingMemoryBound(to: Bytef.self), &len, // rawLength > 0
                       sp.assumingMemoryBound(to: Bytef.self), uLong(src.count))
        }
        guard rc == Z_OK, Int(len) == rawLength else { return nil }
        return out
    }
}

/// Streams the STOR file: text blocks go to disk as they fill, field blocks are kept until `finish`.
struct DocStoreWriter {
    private var text = StoreBlockBuilder(threshold: 64 << 10)
    private var fields = StoreBlockBuilder(threshold: 16 << 10)
    private var textStart: UInt64 = 0
    private var fieldSink = ByteSink()

    init(writer w: IndexFileWriter) { textStart = UInt64(w.offset) }

    mutating func add(_ doc: StoredDocument, text bytes: UnsafeRawBufferPointer, to w: IndexFileWriter) {
        fieldSink.removeAll()
        StoredFieldsCodec.encode(doc, into: &fieldSink)
        fieldSink.bytes.withUnsafeBytes { fields.add($0) }
        text.add(bytes)
        let drained = text.drain()
        if !drained.isEmpty { w.write(drained) }
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
        return [textStart, textIndexAt, fieldsAt, fieldsIndexAt]
    }
}

/// Read-only view of a segment's document store.
struct DocStoreReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let docCount: UInt32

    init(file: MappedIndexFile, docCount: UInt32) throws {
        self.file = file
        self.docCount = docCount
        for i in [1, 3] {
            var s = ByteSource(try file.section(i))
            let n = try s.u64()
            guard n <= UInt64(file.size / 20) else { throw file.damaged("bad store index") }
            _ = try s.bytes(Int(n) * 20)
        }
    }

    /// The raw bytes of doc `doc` from the store of section pair (blocks, index).
    private func docBytes(_ doc: UInt32, index: Int) throws -> [UInt8] {
        guard doc < docCount else { throw file.damaged("doc id out of range") }
        let idx = try file.section(index)
        let p = idx.baseAddress! // section holds at least the u64 count (checked at open)
        let n = Int(Raw.u64(p, 0))
        var lo = 0, hi = n - 1
        guard n > 0 else { throw file.damaged("empty store index") }
        while lo < hi { // last block with firstDoc <= doc
            let mid = (lo + hi + 1) / 2
            if Raw.u32(p, 8 + mid * 20) <= doc { lo = mid } else { hi = mid - 1 }
        }
        let e = 8 + lo * 20
        let first = Raw.u32(p, e), off = Int(Raw.u64(p, e + 4))
        let clen = Int(Raw.u32(p, e + 12)), rlen = Int(Raw.u32(p, e + 16))
        guard doc >= first, off >= 16, off + clen <= file.bodyEnd,
              let raw = StoreCodec.decompress(UnsafeRawBufferPointer(start: file.base + off, count: clen), rawLength: rlen) else {
            throw file.damaged("bad store block")
        }
        return try raw.withUnsafeBytes { rb -> [UInt8] in
            var s = ByteSource(rb)
            do {
                let count = try s.vintInt()
                let k = Int(doc - first)
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

    func fields(_ doc: UInt32) throws -> StoredDocument {
        let b = try docBytes(doc, index: 3)
        return try b.withUnsafeBytes { rb in
            var s = ByteSource(rb)
            do { return try StoredFieldsCodec.decode(&s) } catch is ByteSource.Overrun { throw file.damaged("bad stored fields") }
        }
    }

    func text(_ doc: UInt32) throws -> [UInt8] { try docBytes(doc, index: 1) }
}
