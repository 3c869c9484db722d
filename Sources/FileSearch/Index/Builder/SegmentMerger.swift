import Dispatch

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
            try mergeField(field, inputs, remap, w, directory: directory, name: name)
        }
        return try w.finish()
    }

    /// Merges one text field. The body field's terms are split at a term near the middle of the
    /// positions volume: the upper range is merged on a second thread into a `TermSpill`, appended after
    /// the lower range (both halves do the same per-posting work, so the merge takes about half the time).
    private static func mergeField(_ field: TextField, _ inputs: [SegmentReader], _ remap: [[UInt32]], _ w: SegmentFileWriter,
                                   directory: String, name: String) throws {
        guard field == .body, let pivot = try splitTerm(field, inputs) else {
            try mergeRange(field, inputs, remap, from: nil, below: nil, into: w)
            return
        }
        let job = UpperRangeJob(spill: try TermSpill(directory: directory, name: "\(name)-m1", lengths: w.fieldLengths(field)),
                                field: field, inputs: inputs, remap: remap, pivot: pivot)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { job.run() }
        do {
            try mergeRange(field, inputs, remap, from: nil, below: pivot, into: w)
        } catch {
            group.wait()
            throw error
        }
        group.wait()
        if let e = job.error { throw e }
        try job.spill.appendAndRemove(to: w)
    }

    /// The upper term range of a split merge, run on another thread.
    private final class UpperRangeJob: @unchecked Sendable { // handed to exactly one thread; read back after `group.wait()`
        let spill: TermSpill
        let field: TextField
        let inputs: [SegmentReader]
        let remap: [[UInt32]]
        let pivot: [UInt8]
        var error: Error?

        init(spill: TermSpill, field: TextField, inputs: [SegmentReader], remap: [[UInt32]], pivot: [UInt8]) {
            self.spill = spill; self.field = field; self.inputs = inputs; self.remap = remap; self.pivot = pivot
        }

        func run() {
            do { try SegmentMerger.mergeRange(field, inputs, remap, from: pivot, below: nil, into: spill) } catch { self.error = error }
        }
    }

    /// A term splitting `field`'s merge into two halves of similar positions volume (taken from the
    /// input with the most docs), or nil when there is nothing worth splitting.
    private static func splitTerm(_ field: TextField, _ inputs: [SegmentReader]) throws -> [UInt8]? {
        guard inputs.count > 1, let big = inputs.max(by: { $0.docCount < $1.docCount }) else { return nil }
        var it = big.dictionary(field).makeIterator()
        var last: UInt64 = 0, terms = 0
        while try it.next() { last = it.info.positionsOffset; terms += 1 }
        guard terms >= 1024 else { return nil }
        it = big.dictionary(field).makeIterator()
        var first: UInt64? = nil
        while try it.next() {
            if first == nil { first = it.info.positionsOffset }
            if it.info.positionsOffset - first! >= (last - first!) / 2 { return it.term } // first set on the first term
        }
        return nil
    }

    /// Merges the terms of `field` in `[from, below)` (nil = unbounded) into `sink`.
    static func mergeRange(_ field: TextField, _ inputs: [SegmentReader], _ remap: [[UInt32]], from: [UInt8]?, below: [UInt8]?,
                           into w: MergedTermSink) throws {
        var its: [TermDictReader.Iterator] = []
        var has: [Bool] = []
        for input in inputs {
            if let from {
                let (it, h) = try input.dictionary(field).makeIterator(from: from)
                its.append(it); has.append(h)
            } else {
                var it = try input.termIterator(field)
                has.append(try it.next()); its.append(it)
            }
        }
        // Where this range starts in each input (pages before it belong to the other range).
        let startPost = its.indices.map { has[$0] ? Int(its[$0].info.postingsOffset) : 0 }
        let startPos = its.indices.map { has[$0] ? Int(its[$0].info.positionsOffset) : 0 }
        var cursors: [(seg: Int, cursor: PostingsCursor)] = []
        var current: [UInt32] = []
        var sinceRelease = 0
        while true {
            sinceRelease += 1
            if sinceRelease == 1 << 13 {
                // Inputs are consumed in file order: drop what is behind us (in this range) from the resident set.
                sinceRelease = 0
                for i in its.indices where has[i] {
                    inputs[i].files[1].release(from: startPost[i], upTo: Int(its[i].info.postingsOffset))
                    inputs[i].files[2].release(from: startPos[i], upTo: Int(its[i].info.positionsOffset))
                }
            }
            // Smallest current term.
            var minTerm: [UInt8]? = nil
            for i in its.indices where has[i] {
                if minTerm == nil || its[i].term.lexicographicallyPrecedes(minTerm!) { minTerm = its[i].term } // minTerm set in the first branch
            }
            guard let term = minTerm else { break }
            if let below, !term.lexicographicallyPrecedes(below) { break }
            cursors.removeAll(keepingCapacity: true)
            for i in its.indices where has[i] && its[i].term == term {
                if let c = inputs[i].postings(field, info: its[i].info, positions: true) { cursors.append((i, c)) }
                else { throw inputs[i].files[1].damaged("term without postings during merge") }
                has[i] = try its[i].next()
            }
            // k-way merge of the cursors by new doc id. `current[k]` = cursor k's doc renumbered (.max when
            // done), refreshed only for the cursor that moved: one remap lookup per posting, not one per
            // cursor per posting (tens of inputs at 100k filings).
            current.removeAll(keepingCapacity: true)
            for c in cursors { current.append(c.cursor.doc == .max ? .max : remap[c.seg][Int(c.cursor.doc)]) }
            var best = -1
            while true {
                if best >= 0 {
                    let d = cursors[best].cursor.doc
                    current[best] = d == .max ? .max : remap[cursors[best].seg][Int(d)]
                }
                best = -1
                var bestDoc = UInt32.max
                for k in current.indices where current[k] < bestDoc { bestDoc = current[k]; best = k }
                guard best >= 0 else { break }
                let freq = cursors[best].cursor.freq
                w.addEncodedPosting(doc: bestDoc, freq: freq, positions: cursors[best].cursor.positionBits())
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
