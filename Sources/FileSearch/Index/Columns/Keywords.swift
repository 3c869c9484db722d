// KEYW file (byte layout). toc[k] = start of the section of KeywordField k (rawValue order):
//   u64 valueCount
//   valueCount × u64   offset of each value entry, relative to the first entry
//   entries, ascending by value bytes:
//     vint valueLen, value bytes (normalized, see KeywordNormalizer)
//     vint docCount, docCount × vint doc-id delta (ascending local doc ids; first delta = the id)

/// Collects keyword values → docs for one segment (docs must be added in ascending order).
struct KeywordsWriter {
    private var maps: [[String: [UInt32]]] = Array(repeating: [:], count: KeywordField.allCases.count)

    mutating func add(_ field: KeywordField, _ value: String, doc: UInt32) {
        maps[Int(field.rawValue)][value, default: []].append(doc)
    }

    /// Sorted values of a field (by UTF-8 bytes).
    func sortedValues(_ field: KeywordField) -> [String] {
        maps[Int(field.rawValue)].keys.sorted(by: ByteScan.less)
    }

    func write(to w: IndexFileWriter) -> [UInt64] {
        var toc: [UInt64] = []
        for f in KeywordField.allCases {
            toc.append(UInt64(w.offset))
            let values = sortedValues(f)
            var entries = ByteSink()
            var offsets: [UInt64] = []
            for v in values {
                offsets.append(UInt64(entries.count))
                entries.string(v)
                let docs = maps[Int(f.rawValue)][v]!  // v comes from the map's own keys
                entries.vint(docs.count)
                var prev: UInt32 = 0
                for d in docs { entries.vint(d - prev); prev = d }
            }
            var head = ByteSink()
            head.u64(UInt64(values.count))
            for o in offsets { head.u64(o) }
            w.write(head)
            w.write(entries)
        }
        return toc
    }
}

/// Read-only view of a segment's keyword fields.
struct KeywordsReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    private let counts: [Int]
    private let offsetsAt: [Int]
    private let ends: [Int]

    init(file: MappedIndexFile) throws {
        self.file = file
        var c: [Int] = [], o: [Int] = [], e: [Int] = []
        for f in KeywordField.allCases {
            let sec = try file.section(Int(f.rawValue))
            var s = ByteSource(sec)
            let n = try s.u64()
            guard n <= UInt64(sec.count / 8) else { throw file.damaged("bad keyword header") }
            c.append(Int(n))
            o.append(Int(file.toc[Int(f.rawValue)]) + 8)
            e.append(Int(file.toc[Int(f.rawValue)]) + sec.count)
        }
        counts = c; offsetsAt = o; ends = e
    }

    func valueCount(_ f: KeywordField) -> Int { counts[Int(f.rawValue)] }

    private func entry(_ f: KeywordField, _ i: Int) throws -> ByteSource {
        let k = Int(f.rawValue)
        let rel = Raw.u64(file.base, offsetsAt[k] + i * 8)
        let start = offsetsAt[k] + counts[k] * 8
        guard rel < UInt64(ends[k] - start) else { throw file.damaged("bad keyword offset") }
        return ByteSource(file.base, start: start + Int(rel), end: ends[k])
    }

    /// Value number `i` of field `f` (ascending order).
    func value(_ f: KeywordField, _ i: Int) throws -> String {
        do { var e = try entry(f, i); return try e.string() } catch is ByteSource.Overrun { throw file.damaged("bad keyword entry") }
    }

    /// Index of `value` in the sorted values of `f`, or nil.
    func find(_ f: KeywordField, _ value: String) throws -> Int? {
        let key = Array(value.utf8)
        do {
            var lo = 0, hi = counts[Int(f.rawValue)]
            while lo < hi {
                let mid = (lo + hi) / 2
                var e = try entry(f, mid)
                let v = try e.bytes(try e.vintInt())
                if v.lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < counts[Int(f.rawValue)] else { return nil }
            var e = try entry(f, lo)
            return Array(try e.bytes(try e.vintInt())) == key ? lo : nil
        } catch is ByteSource.Overrun { throw file.damaged("bad keyword entry") }
    }

    /// Docs of value number `i` (ascending), each checked to be < docCount.
    func docs(_ f: KeywordField, _ i: Int, docCount: UInt32) throws -> [UInt32] {
        do {
            var e = try entry(f, i)
            _ = try e.bytes(try e.vintInt())
            let n = try e.vintInt()
            guard n <= Int(docCount) else { throw ByteSource.Overrun() }
            var out: [UInt32] = []
            out.reserveCapacity(n)
            var acc: UInt64 = 0
            for _ in 0..<n {
                acc += try e.vint()
                guard acc < UInt64(docCount) else { throw ByteSource.Overrun() }
                out.append(UInt32(acc))
            }
            return out
        } catch is ByteSource.Overrun { throw file.damaged("bad keyword doc list") }
    }
}
