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
        let bases = try inputs.map { try w.copyStoreBlocks(of: $0) }
        for e in all {
            let seg = inputs[e.seg]
            let d = try seg.storedFieldsChecked(e.local)
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
        var positions: [UInt32] = []
        var cursors: [(seg: Int, cursor: PostingsCursor)] = []
        while true {
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
                cursors[best].cursor.positions(into: &positions)
                positions.withUnsafeBufferPointer { w.addPosting(doc: bestDoc, positions: $0) }
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
