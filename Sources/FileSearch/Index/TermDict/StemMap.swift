// STEM file (byte layout). toc[f] = start of the section of text field f:
//
//   u64 groupCount
//   groupCount × u32   offset of each group, relative to the first group
//   groups, ascending by stem bytes:
//     vint stemLen, stem bytes
//     vint termCount, termCount × vint ordinal delta (ascending term ordinals in the TERM dictionary)
//
// A group is stored only when it is not just {the stem itself}: a term whose stem is itself and that no
// other term stems to is found through the dictionary (see StemMapReader.terms).

/// Collects stem groups of a field while its sorted terms are written.
struct StemMapWriter {
    private var pairs: [(stem: [UInt8], ordinal: UInt32)] = []
    private var selfStemming: [[UInt8]: UInt32] = [:]

    /// Registers term `ordinal` (terms must come in ascending ordinal order).
    mutating func add(_ term: UnsafeRawBufferPointer, ordinal: UInt32) {
        let t = Array(term)
        let s = Stemmer.stem(t)
        if s == t { selfStemming[t] = ordinal } else { pairs.append((s, ordinal)) }
    }

    func write(to w: IndexFileWriter) {
        let sorted = pairs.sorted { a, b in
            a.stem == b.stem ? a.ordinal < b.ordinal : a.stem.lexicographicallyPrecedes(b.stem)
        }
        var groups = ByteSink()
        var offsets: [UInt32] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j < sorted.count && sorted[j].stem == sorted[i].stem { j += 1 }
            var ords = sorted[i..<j].map(\.ordinal)
            if let own = selfStemming[sorted[i].stem] { ords.append(own); ords.sort() }
            offsets.append(UInt32(groups.count))
            groups.lengthPrefixed(sorted[i].stem)
            groups.vint(ords.count)
            var prev: UInt32 = 0
            for o in ords { groups.vint(o - prev); prev = o }
            i = j
        }
        var head = ByteSink()
        head.u64(UInt64(offsets.count))
        for o in offsets { head.u32(o) }
        w.write(head)
        w.write(groups)
    }
}

/// Read-only view of one field's stem groups.
struct StemMapReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let groupCount: Int
    private let offsetsAt: Int
    private let groupsAt: Int
    private let sectionEnd: Int

    init(file: MappedIndexFile, field: Int) throws {
        self.file = file
        let sec = try file.section(field)
        var src = ByteSource(sec)
        let n = try src.u64()
        guard n <= UInt64(sec.count / 4) else { throw file.damaged("bad stem map header") }
        groupCount = Int(n)
        offsetsAt = Int(file.toc[field]) + 8
        groupsAt = offsetsAt + groupCount * 4
        sectionEnd = Int(file.toc[field]) + sec.count
        guard groupsAt <= sectionEnd else { throw file.damaged("bad stem map header") }
    }

    private func group(_ i: Int) throws -> ByteSource {
        let off = groupsAt + Int(Raw.u32(file.base, offsetsAt + i * 4))
        guard off < sectionEnd else { throw file.damaged("bad stem group offset") }
        return ByteSource(file.base, start: off, end: sectionEnd)
    }

    /// Ordinals of the terms stemming to `stem`, or nil when no group is stored for it.
    func ordinals(stem: [UInt8]) throws -> [UInt32]? {
        do {
            var lo = 0, hi = groupCount
            while lo < hi {
                let mid = (lo + hi) / 2
                var g = try group(mid)
                let s = try g.bytes(try g.vintInt())
                if s.lexicographicallyPrecedes(stem) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < groupCount else { return nil }
            var g = try group(lo)
            guard Array(try g.bytes(try g.vintInt())) == stem else { return nil }
            let n = try g.vintInt()
            guard n <= sectionEnd else { throw ByteSource.Overrun() }
            var out: [UInt32] = []
            out.reserveCapacity(n)
            var acc: UInt64 = 0
            for _ in 0..<n { acc += try g.vint(); out.append(UInt32(truncatingIfNeeded: acc)) } // validated by the dictionary lookup
            return out
        } catch is ByteSource.Overrun {
            throw file.damaged("bad stem group")
        }
    }
}
