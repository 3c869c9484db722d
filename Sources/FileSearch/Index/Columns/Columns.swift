// COLS file (byte layout); every column is docCount little-endian 4-byte values, 4-byte aligned:
//   toc[0] summary:  u64 docCount, u64 total body length, u64 total meta length, u64 distinct filings
//   toc[1] u32 body length per doc   (primary tokens, Analyzer's return value)
//   toc[2] u32 meta length per doc
//   toc[3] i32 filed day per doc     (days since 1970-01-01; Int32.min = unknown)
//   toc[4] i32 period day per doc    (same)
//   toc[5] u32 form ordinal per doc  (index into the KEYW form values; UInt32.max = none)
//   toc[6] u64 arrival order per doc (8-byte values, 8-aligned): input position (file index << 24 | document
//          index in the file, or the record index), the tie-break of the filed-date order; merges keep it
//
// Docs are numbered in filed-date order (unknown last), so `filed` is non-decreasing except for the
// trailing Int32.min run.

/// Per-document values of a segment, collected in doc-id order.
struct ColumnsWriter {
    var bodyLength: [UInt32] = []
    var metaLength: [UInt32] = []
    var filed: [Int32] = []
    var period: [Int32] = []
    var formOrdinal: [UInt32] = []
    var arrival: [UInt64] = []
    var filings = 0

    static let none = Int32.min

    mutating func add(bodyLength b: UInt32, metaLength m: UInt32, filed f: FilingDate?, period p: FilingDate?, formOrdinal o: UInt32, arrival a: UInt64) {
        arrival.append(a)
        bodyLength.append(b)
        metaLength.append(m)
        filed.append(f?.daysSinceEpoch ?? ColumnsWriter.none)
        period.append(p?.daysSinceEpoch ?? ColumnsWriter.none)
        formOrdinal.append(o)
    }

    func write(to w: IndexFileWriter) -> [UInt64] {
        var toc: [UInt64] = []
        var s = ByteSink()
        s.u64(UInt64(bodyLength.count))
        s.u64(bodyLength.reduce(0) { $0 + UInt64($1) })
        s.u64(metaLength.reduce(0) { $0 + UInt64($1) })
        s.u64(UInt64(filings))
        toc.append(UInt64(w.offset))
        w.write(s)
        func column<T: FixedWidthInteger>(_ a: [T]) {
            w.align(4)
            toc.append(UInt64(w.offset))
            var c = ByteSink(capacity: a.count * 4)
            for v in a { c.u32(UInt32(truncatingIfNeeded: v)) } // 4-byte values (UInt32 or Int32 bit pattern)
            w.write(c)
        }
        column(bodyLength); column(metaLength); column(filed); column(period); column(formOrdinal)
        w.align(8)
        toc.append(UInt64(w.offset))
        var c = ByteSink(capacity: arrival.count * 8)
        for v in arrival { c.u64(v) }
        w.write(c)
        return toc
    }
}

/// Read-only view of a segment's columns.
struct ColumnsReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let docCount: UInt32
    let totalBody: UInt64
    let totalMeta: UInt64
    let filings: Int
    let bodyLength: UnsafeRawPointer
    let metaLength: UnsafeRawPointer
    let filed: UnsafeRawPointer
    let period: UnsafeRawPointer
    let formOrdinal: UnsafeRawPointer
    let arrival: UnsafeRawPointer

    init(file: MappedIndexFile, expectedDocs: UInt32) throws {
        self.file = file
        var s = ByteSource(try file.section(0))
        let n = try s.u64()
        guard n == UInt64(expectedDocs) else { throw file.damaged("document count disagrees with the commit") }
        docCount = expectedDocs
        totalBody = try s.u64()
        totalMeta = try s.u64()
        filings = Int(clamping: try s.u64())
        var cols: [UnsafeRawPointer] = []
        for i in 1...5 {
            let sec = try file.section(i)
            guard sec.count >= Int(n) * 4 else { throw file.damaged("column \(i) too short") }
            cols.append(sec.baseAddress ?? file.base)
        }
        bodyLength = cols[0]; metaLength = cols[1]; filed = cols[2]; period = cols[3]; formOrdinal = cols[4]
        let a = try file.section(6)
        guard a.count >= Int(n) * 8 else { throw file.damaged("arrival column too short") }
        arrival = a.baseAddress ?? file.base
    }
}
