import Dispatch

// STEM file (byte layout, format version 5). toc[f] = the groups of text field f (f = 0 body, 1 meta),
// toc[2 + f] = the group lists of field f:
//
//   groups section:
//     u64 groupCount
//     groupCount × u32   offset of each group, relative to the first group
//     groups, ascending by stem bytes:
//       vint stemLen, stem bytes
//       vint termCount, termCount × vint ordinal delta (ascending term ordinals in the TERM dictionary)
//       vint listDocFreq   docs of the group's list (0 = no list)
//       [vint listOffset]  when listDocFreq > 0: start of the list, relative to the lists section
//   lists section: per group with a list, its postings in the POST layout (PostingsEncoder.swift:
//     skip table when listDocFreq ≥ 128, bit-packed blocks, vint tail) over the union of the members'
//     docs, each with the sum of the members' freqs. No positions: the skip entries' positions offsets
//     are 0 and meaningless (phrases read the members).
//
// A group is stored only when it is not just {the stem itself}: a term whose stem is itself and that no
// other term stems to is found through the dictionary (see SegmentReader.stemGroup). A group has a list
// when at least `StemGroupLists.minMembers` members occur in the field: then a word that is not in a
// phrase reads one list (one seek per target doc, exact block-max impacts) instead of every member's.

/// Collects stem groups of a field from its sorted dictionary.
struct StemMapWriter {
    private var pairs: [(stem: [UInt8], ordinal: UInt32, info: TermInfo)] = []
    private var selfStemming: [[UInt8]: (ordinal: UInt32, info: TermInfo)] = [:]

    /// Registers term `ordinal` with its dictionary entry (terms must come in ascending ordinal order).
    mutating func add(_ term: UnsafeRawBufferPointer, ordinal: UInt32, info: TermInfo) {
        let t = Array(term)
        let s = Stemmer.stem(t)
        if s == t { selfStemming[t] = (ordinal, info) } else { pairs.append((s, ordinal, info)) }
    }

    /// The groups to store, ascending by stem, members ascending by ordinal (lists not built yet).
    func groups() -> [StemGroup] {
        let sorted = pairs.sorted { a, b in
            a.stem == b.stem ? a.ordinal < b.ordinal : a.stem.lexicographicallyPrecedes(b.stem)
        }
        var out: [StemGroup] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j < sorted.count && sorted[j].stem == sorted[i].stem { j += 1 }
            var members = sorted[i..<j].map { (ordinal: $0.ordinal, info: $0.info) }
            if let own = selfStemming[sorted[i].stem] { members.append(own); members.sort { $0.ordinal < $1.ordinal } }
            out.append(StemGroup(stem: sorted[i].stem, members: members))
            i = j
        }
        return out
    }

    /// Writes one field's groups section (their lists already placed by `StemGroupLists.build`).
    static func writeGroups(_ groups: [StemGroup], to w: IndexFileWriter) {
        var body = ByteSink()
        var offsets: [UInt32] = []
        offsets.reserveCapacity(groups.count)
        for g in groups {
            offsets.append(UInt32(body.count))
            body.lengthPrefixed(g.stem)
            body.vint(g.members.count)
            var prev: UInt32 = 0
            for m in g.members { body.vint(m.ordinal - prev); prev = m.ordinal } // ascending ordinals
            body.vint(g.listDocFreq)
            if g.listDocFreq > 0 { body.vint(g.listOffset) }
        }
        var head = ByteSink()
        head.u64(UInt64(offsets.count))
        for o in offsets { head.u32(o) }
        w.write(head)
        w.write(body)
    }
}

/// One stored stem group of a field: its members and, once built, where its list is.
struct StemGroup {
    let stem: [UInt8]
    let members: [(ordinal: UInt32, info: TermInfo)]
    /// Docs of the group's list (0 = none).
    var listDocFreq = 0
    /// Start of the list, relative to the field's lists section.
    var listOffset = 0
}

/// Builds the group lists of one field: per group with enough members, the union of their postings
/// with summed freqs, encoded like a term's postings without positions.
enum StemGroupLists {
    /// Groups with at least this many members occurring in the field get a list.
    static let minMembers = 2

    /// Builds the lists of `groups` (setting their `listDocFreq`/`listOffset`) on up to `threads`
    /// threads and returns the lists section's bytes. `cursor(info)` opens a member's postings
    /// (without positions); `length(doc)` is the doc's field length, `avgLength` the field's average,
    /// `docCount` the segment's (every doc id is below it).
    /// - Complexity: O(members' postings); the bytes do not depend on `threads`.
    static func build(_ groups: inout [StemGroup], threads: Int, avgLength: Double, docCount: Int,
                      cursor: @escaping (TermInfo) -> PostingsCursor?, length: @escaping (UInt32) -> UInt32) -> ByteSink {
        let chosen = groups.indices.filter { groups[$0].members.count >= minMembers }
        guard !chosen.isEmpty else { return ByteSink() }
        // Cut the chosen groups into `parts` runs of similar postings volume.
        let volume = chosen.reduce(0) { acc, g in acc + groups[g].members.reduce(0) { $0 + $1.info.docFreq } }
        let parts = max(1, min(threads, chosen.count))
        var cuts = [0]
        var acc = 0
        for (k, g) in chosen.enumerated() {
            acc += groups[g].members.reduce(0) { $0 + $1.info.docFreq }
            if cuts.count < parts && acc >= volume / parts * cuts.count { cuts.append(k + 1) }
        }
        cuts.append(chosen.count)
        let runs = cuts.count - 1
        let job = RunJob(groups: groups, chosen: chosen, cuts: cuts, avgLength: avgLength, docCount: docCount, cursor: cursor, length: length)
        if runs == 1 { job.run(0) } else { DispatchQueue.concurrentPerform(iterations: runs) { job.run($0) } }
        var out = ByteSink()
        for r in 0..<runs {
            let (sink, placed) = job.get(r)
            for p in placed {
                groups[p.group].listDocFreq = p.docFreq
                groups[p.group].listOffset = out.count + p.offset
            }
            out.raw(sink.bytes)
        }
        return out
    }

    /// Feeds the union of `cursors` (summed freqs per doc) to `enc`; returns its doc count.
    ///
    /// Freqs are summed in `scratch`'s dense per-doc array while each member is read block by block;
    /// the docs touched are then visited in order — sorted when few, else by scanning a bitmap.
    /// - Complexity: O(members' postings + docs touched · log(docs touched)), or O(… + docCount / 64).
    fileprivate static func unionInto(_ enc: inout PostingsEncoder, _ cs: inout [PostingsCursor], length: (UInt32) -> UInt32,
                                      scratch s: UnionScratch) -> Int {
        let sums = s.sums, bits = s.bits
        var touched = 0
        for i in cs.indices {
            cs[i].forEach(through: UInt32.max - 1) { doc, freq in
                let d = Int(truncatingIfNeeded: doc) // < docCount: sums has a slot per doc
                if sums[d] == 0 {
                    bits[d &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: d & 63) // word d / 64 < bit words
                    s.touched[touched] = doc
                    touched &+= 1 // distinct docs < docCount
                }
                sums[d] &+= freq // the members' freqs in one doc sum to at most its length < 2^32
            }
        }
        @inline(__always) func emit(_ d: Int) {
            enc.addCounts(doc: UInt32(truncatingIfNeeded: d), freq: sums[d], fieldLength: length(UInt32(truncatingIfNeeded: d))) // d < docCount < 2^32
            sums[d] = 0
        }
        if touched &* 16 < s.docCount { // few: sort them (and clear their bitmap words)
            var list = UnsafeMutableBufferPointer(start: s.touched, count: touched)
            list.sort()
            for doc in list {
                let d = Int(truncatingIfNeeded: doc)
                bits[d &>> 6] = 0
                emit(d)
            }
        } else {
            for w in 0..<s.words {
                var word = bits[w]
                bits[w] = 0
                while word != 0 {
                    emit(w &<< 6 | word.trailingZeroBitCount) // a doc id < docCount
                    word &= word &- 1
                }
            }
        }
        return touched
    }

    /// Per-thread buffers of `unionInto`, sized for `docCount` docs (all zero between calls).
    fileprivate final class UnionScratch {
        let docCount: Int, words: Int
        let sums: UnsafeMutablePointer<UInt32>
        let bits: UnsafeMutablePointer<UInt64>
        let touched: UnsafeMutablePointer<UInt32>

        init(docCount: Int) {
            self.docCount = docCount
            words = (docCount + 63) / 64
            sums = .allocate(capacity: max(1, docCount)); sums.initialize(repeating: 0, count: max(1, docCount))
            bits = .allocate(capacity: max(1, words)); bits.initialize(repeating: 0, count: max(1, words))
            touched = .allocate(capacity: max(1, docCount))
        }

        deinit { sums.deallocate(); bits.deallocate(); touched.deallocate() }
    }

    /// One parallel build: run r builds the lists of `chosen[cuts[r]..<cuts[r + 1]]` into its own slot.
    private final class RunJob: @unchecked Sendable { // inputs immutable; slot r written only by run r, read after the join
        let groups: [StemGroup]
        let chosen: [Int]
        let cuts: [Int]
        let avgLength: Double
        let docCount: Int
        let cursor: (TermInfo) -> PostingsCursor?
        let length: (UInt32) -> UInt32
        private var sinks: [ByteSink]
        private var placed: [[(group: Int, docFreq: Int, offset: Int)]]

        init(groups: [StemGroup], chosen: [Int], cuts: [Int], avgLength: Double, docCount: Int,
             cursor: @escaping (TermInfo) -> PostingsCursor?, length: @escaping (UInt32) -> UInt32) {
            self.groups = groups; self.chosen = chosen; self.cuts = cuts; self.avgLength = avgLength; self.docCount = docCount
            self.cursor = cursor; self.length = length
            sinks = Array(repeating: ByteSink(), count: cuts.count - 1)
            placed = Array(repeating: [], count: cuts.count - 1)
        }

        func run(_ r: Int) {
            var sink = ByteSink()
            var out: [(group: Int, docFreq: Int, offset: Int)] = []
            var enc = PostingsEncoder()
            enc.avgLength = avgLength
            var cs: [PostingsCursor] = []
            let scratch = UnionScratch(docCount: docCount)
            for k in cuts[r]..<cuts[r + 1] {
                let g = chosen[k]
                cs.removeAll(keepingCapacity: true)
                for m in groups[g].members { if let c = cursor(m.info) { cs.append(c) } }
                let df = StemGroupLists.unionInto(&enc, &cs, length: length, scratch: scratch)
                out.append((g, df, sink.count))
                sink.raw(enc.finish().bytes)
                enc.reset()
            }
            sinks.withUnsafeMutableBufferPointer { $0[r] = sink }
            placed.withUnsafeMutableBufferPointer { $0[r] = out }
        }

        func get(_ r: Int) -> (ByteSink, [(group: Int, docFreq: Int, offset: Int)]) { (sinks[r], placed[r]) }
    }
}

/// Where a stem group's list is in the STEM file.
struct StemGroupList {
    let docFreq: Int
    /// Absolute offset in the STEM file.
    let offset: Int
}

/// Read-only view of one field's stem groups.
struct StemMapReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let groupCount: Int
    private let offsetsAt: Int
    private let groupsAt: Int
    private let sectionEnd: Int
    private let listsAt: Int
    private let listsEnd: Int

    init(file: MappedIndexFile, field: Int) throws {
        self.file = file
        guard file.toc.count == 4 else { throw file.damaged("bad stem map header") }
        let sec = try file.section(field)
        var src = ByteSource(sec)
        let n = try src.u64()
        guard n <= UInt64(sec.count / 4) else { throw file.damaged("bad stem map header") }
        groupCount = Int(n)
        offsetsAt = Int(file.toc[field]) + 8
        groupsAt = offsetsAt + groupCount * 4
        sectionEnd = Int(file.toc[field]) + sec.count
        guard groupsAt <= sectionEnd else { throw file.damaged("bad stem map header") }
        let lists = try file.section(2 + field)
        listsAt = Int(file.toc[2 + field])
        listsEnd = listsAt + lists.count
    }

    private func group(_ i: Int) throws -> ByteSource {
        let off = groupsAt + Int(Raw.u32(file.base, offsetsAt + i * 4))
        guard off < sectionEnd else { throw file.damaged("bad stem group offset") }
        return ByteSource(file.base, start: off, end: sectionEnd)
    }

    /// Ordinals of the terms stemming to `stem` and the group's list (if it has one), or nil when no
    /// group is stored for it.
    /// - Complexity: O(log groups) group headers read, then the group.
    func group(stem: [UInt8]) throws -> (ordinals: [UInt32], list: StemGroupList?)? {
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
            let listDocFreq = try g.vintInt()
            guard listDocFreq > 0 else { return (out, nil) }
            let at = listsAt + (try g.vintInt())
            guard at >= listsAt, at < listsEnd else { throw file.damaged("bad stem group list") }
            return (out, StemGroupList(docFreq: listDocFreq, offset: at))
        } catch is ByteSource.Overrun {
            throw file.damaged("bad stem group")
        }
    }
}
