/// Merges segments into one, renumbering docs in global filed-date order
/// (undated last; ties by arrival order, so the result does not depend on which thread indexed what).
///
/// Streams: documents are copied one at a time, terms are merged k-way, and each term's postings are
/// merged by new doc id (the renumbering keeps each input segment's relative order, so every input
/// postings list stays sorted).
/// - Complexity: O(total postings + positions + stored bytes), memory O(docs + one term's postings).
enum SegmentMerger {
    static func merge(_ inputs: [SegmentReader], directory: String, name: String) throws -> SegmentMeta {
        // New doc ids.
        var all: [(key: Int32, arrival: UInt64, seg: Int, local: UInt32)] = []
        for (s, seg) in inputs.enumerated() {
            for d in 0..<seg.docCount { all.append((seg.filed(d) ?? Int32.max, seg.arrival(d), s, d)) }
        }
        all.sort { a, b in a.key != b.key ? a.key < b.key : a.arrival != b.arrival ? a.arrival < b.arrival : (a.seg, a.local) < (b.seg, b.local) }
        var remap = inputs.map { [UInt32](repeating: 0, count: Int($0.docCount)) }
        for (newDoc, e) in all.enumerated() { remap[e.seg][Int(e.local)] = UInt32(newDoc) }

        let w = try SegmentFileWriter(directory: directory, name: name)
        // Stored text and fields: compressed blocks copied verbatim, only the doc map is rewritten.
        let bases = try inputs.map { seg in
            defer { seg.files[5].release(upTo: seg.files[5].size) } // copied: keep resident memory bounded
            return try w.copyStoreBlocks(of: seg)
        }
        var caches = [DocStoreReader.BlockCache?](repeating: nil, count: inputs.count) // each input is read in local order
        for e in all {
            let seg = inputs[e.seg]
            let d = try seg.store.fields(e.local, cache: &caches[e.seg])
            var ref = try seg.store.ref(e.local)
            ref.textBlock += bases[e.seg].text
            ref.fieldsBlock += bases[e.seg].fields
            w.addMappedDocument(d, ref: ref, bodyLength: seg.docLength(e.local, .body), metaLength: seg.docLength(e.local, .meta), arrival: e.arrival)
        }
        all = []
        for field in TextField.allCases {
            w.beginField(field)
            try mergeField(field, inputs, remap, w)
        }
        return try w.finish()
    }

    private static func mergeField(_ field: TextField, _ inputs: [SegmentReader], _ remap: [[UInt32]], _ w: SegmentFileWriter) throws {
        var its = try inputs.map { try $0.termIterator(field) }
        var has = try its.indices.map { try its[$0].next() }
        var cursors: [(seg: Int, cursor: PostingsCursor)] = []
        var sinceRelease = 0
        while true {
            sinceRelease += 1
            if sinceRelease == 1 << 13 {
                // Inputs are consumed in file order: drop what is behind us from the resident set.
                sinceRelease = 0
                for i in its.indices where has[i] {
                    inputs[i].files[1].release(upTo: Int(its[i].info.postingsOffset))
                    inputs[i].files[2].release(upTo: Int(its[i].info.positionsOffset))
                }
            }
            // Smallest current term.
            var minTerm: [UInt8]? = nil
            for i in its.indices where has[i] {
                if minTerm == nil || its[i].term.lexicographicallyPrecedes(minTerm!) { minTerm = its[i].term } // minTerm set in the first branch
            }
            guard let term = minTerm else { break }
            cursors.removeAll(keepingCapacity: true)
            for i in its.indices where has[i] && its[i].term == term {
                if let c = inputs[i].postings(field, term, positions: true) { cursors.append((i, c)) }
                else { throw inputs[i].files[1].damaged("term without postings during merge") }
                has[i] = try its[i].next()
            }
            // k-way merge of the cursors by new doc id.
            while true {
                var best = -1
                var bestDoc = UInt32.max
                for (k, c) in cursors.enumerated() where c.cursor.doc != .max {
                    let nd = remap[c.seg][Int(c.cursor.doc)]
                    if nd < bestDoc { bestDoc = nd; best = k }
                }
                guard best >= 0 else { break }
                let freq = cursors[best].cursor.freq
                w.addEncodedPosting(doc: bestDoc, freq: freq, positions: cursors[best].cursor.positionBytes())
                cursors[best].cursor.next()
            }
            term.withUnsafeBytes { w.finishTerm($0) }
        }
    }
}

extension SegmentReader {
    func termIterator(_ field: TextField) throws -> TermDictReader.Iterator {
        dictionary(field).makeIterator()
    }
}
