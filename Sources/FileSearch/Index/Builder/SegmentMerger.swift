import Dispatch
import Synchronization

/// Merges segments into one, renumbering docs in global filed-date order
/// (undated last; ties by arrival order, so the result does not depend on which thread indexed what).
///
/// Streams: documents are copied one at a time, terms are merged k-way, and each term's postings are
/// merged by new doc id (the renumbering keeps each input segment's relative order, so every input
/// postings list stays sorted).
///
/// Parallel: the work is cut into tasks run on `threads` threads — the documents (store, columns,
/// keywords), and each text field's terms in ranges of similar positions volume. The first body range
/// is written straight into the segment; the others go to `TermSpill`s, appended in term order as soon
/// as every range before them is in (by whichever thread finishes a range). The bytes written do not
/// depend on the ranges or the thread count.
/// - Complexity: O(total postings + positions + stored bytes), memory O(docs + terms + one term's postings per range).
enum SegmentMerger {
    /// Term ranges per field: about `bodyRanges` for the body (the bulk of the work), `metaRanges` for meta.
    static let bodyRanges = 16
    static let metaRanges = 2

    static func merge(_ inputs: [SegmentReader], directory: String, name: String, threads: Int = 1) throws -> SegmentMeta {
        // New doc ids.
        var all: [(key: Int32, arrival: UInt64, seg: Int, local: UInt32)] = []
        for (s, seg) in inputs.enumerated() {
            for d in 0..<seg.docCount { all.append((seg.filed(d) ?? Int32.max, seg.arrival(d), s, d)) }
        }
        all.sort { a, b in a.key != b.key ? a.key < b.key : a.arrival != b.arrival ? a.arrival < b.arrival : (a.seg, a.local) < (b.seg, b.local) }
        var remap = inputs.map { [UInt32](repeating: 0, count: Int($0.docCount)) }
        var bodyLengths = [UInt32](repeating: 0, count: all.count), metaLengths = bodyLengths
        for (newDoc, e) in all.enumerated() {
            remap[e.seg][Int(e.local)] = UInt32(newDoc)
            bodyLengths[newDoc] = inputs[e.seg].docLength(e.local, .body)
            metaLengths[newDoc] = inputs[e.seg].docLength(e.local, .meta)
        }

        let w = try SegmentFileWriter(directory: directory, name: name)
        var ranges: [TermRange] = []
        for (field, parts) in [(TextField.body, bodyRanges), (.meta, metaRanges)] {
            var from: [UInt8]? = nil
            for pivot in try splitTerms(field, inputs, parts: parts) {
                ranges.append(TermRange(field: field, from: from, below: pivot))
                from = pivot
            }
            ranges.append(TermRange(field: field, from: from, below: nil))
        }
        w.beginField(.body, lengths: bodyLengths)
        let job = MergeJob(inputs: inputs, remap: remap, order: all.map { ($0.arrival, $0.seg, $0.local) }, writer: w,
                           ranges: ranges, directory: directory, name: name, lengths: [bodyLengths, metaLengths])
        all = []
        let t0 = Clock.now
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, ranges.count + 1))) { _ in job.work() }
        tmpTiming("tasks (\(ranges.count) ranges)", t0)
        if let e = job.failure.withLock({ $0 }) { throw e }
        let t2 = Clock.now
        defer { tmpTiming("finish", t2) }
        return try w.finish()
    }

    /// Terms of `field` in `[from, below)` (nil = unbounded).
    struct TermRange {
        let field: TextField
        let from: [UInt8]?
        let below: [UInt8]?
    }

    /// The shared state of one parallel merge: a task counter, and the in-order appending of ranges.
    private final class MergeJob: @unchecked Sendable { // inputs/remap/order/ranges immutable; writer sides split as documented in SegmentFileWriter; the rest under `appender`
        let inputs: [SegmentReader]
        let remap: [[UInt32]]
        /// Per new doc: (arrival, input, local doc).
        let order: [(UInt64, Int, UInt32)]
        let writer: SegmentFileWriter
        let ranges: [TermRange]
        let directory: String, name: String
        let lengths: [[UInt32]]
        let nextTask = Atomic<Int>(0)
        let failure = Mutex<Error?>(nil)
        /// Finished ranges waiting to be appended (nil = not finished, or range 0 written in place),
        /// the next range to append, and whether a thread is appending now.
        private let appender: Mutex<(done: [Bool], spills: [TermSpill?], next: Int, busy: Bool)>

        init(inputs: [SegmentReader], remap: [[UInt32]], order: [(UInt64, Int, UInt32)], writer: SegmentFileWriter,
             ranges: [TermRange], directory: String, name: String, lengths: [[UInt32]]) {
            self.inputs = inputs; self.remap = remap; self.order = order; self.writer = writer
            self.ranges = ranges; self.directory = directory; self.name = name; self.lengths = lengths
            appender = Mutex((done: [Bool](repeating: false, count: ranges.count),
                              spills: [TermSpill?](repeating: nil, count: ranges.count), next: 0, busy: false))
        }

        /// Runs tasks until none is left: task 0 = the documents, task 1 + r = term range r.
        func work() {
            while true {
                let t = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
                guard t <= ranges.count else { return }
                if failure.withLock({ $0 != nil }) { continue } // drain the counter: nothing more to do
                do {
                    let c = Clock.now
                    if t == 0 { try documents() } else { try range(t - 1) }
                    tmpTiming("task \(t)", c)
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }

        /// Copies the store blocks and adds every doc (store map, columns, keywords) in new doc order.
        private func documents() throws {
            let w = writer
            // Stored text and fields: compressed blocks copied verbatim, only the doc map is rewritten.
            let bases = try inputs.map { seg in
                defer { seg.files[5].release(upTo: seg.files[5].size) } // copied: keep resident memory bounded
                return try w.copyStoreBlocks(of: seg)
            }
            var caches = [DocStoreReader.BlockCache?](repeating: nil, count: inputs.count) // each input is read in local order
            for (arrival, s, local) in order {
                let seg = inputs[s]
                let d = try seg.store.fields(local, cache: &caches[s])
                var ref = try seg.store.ref(local)
                ref.textBlock += bases[s].text
                ref.fieldsBlock += bases[s].fields
                w.addMappedDocument(d, ref: ref, bodyLength: seg.docLength(local, .body), metaLength: seg.docLength(local, .meta), arrival: arrival)
            }
        }

        /// Merges range `r`: in place when it is the first one, else into a spill; then appends what it can.
        private func range(_ r: Int) throws {
            let tr = ranges[r]
            var spill: TermSpill? = nil
            if r == 0 {
                try SegmentMerger.mergeRange(tr.field, inputs, remap, from: tr.from, below: tr.below, into: writer)
            } else {
                let s = try TermSpill(directory: directory, name: "\(name)-m\(r)", lengths: lengths[Int(tr.field.rawValue)])
                try SegmentMerger.mergeRange(tr.field, inputs, remap, from: tr.from, below: tr.below, into: s)
                spill = s
            }
            try appendReady(finished: r, spill: spill)
        }

        /// Marks range `r` finished and, unless another thread is at it, appends every finished range
        /// that follows the appended ones, in order (starting a field at its first range).
        private func appendReady(finished r: Int, spill: TermSpill?) throws {
            var next = appender.withLock { a -> Int? in
                a.done[r] = true
                a.spills[r] = spill
                if a.busy || !a.done[a.next] { return nil } // a.next < count: it only passes finished ranges, checked below
                a.busy = true
                return a.next
            }
            while let k = next {
                let s = appender.withLock { $0.spills[k] }
                do {
                    if k > 0 && ranges[k].field != ranges[k - 1].field {
                        writer.beginField(ranges[k].field, lengths: lengths[Int(ranges[k].field.rawValue)])
                    }
                    try s?.appendAndRemove(to: writer)
                } catch {
                    appender.withLock { $0.busy = false }
                    throw error
                }
                next = appender.withLock { a -> Int? in
                    a.spills[k] = nil
                    a.next = k + 1
                    if a.next < a.done.count && a.done[a.next] { return a.next }
                    a.busy = false
                    return nil
                }
            }
        }
    }

    /// Up to `parts - 1` ascending distinct terms splitting `field`'s merge into ranges of similar
    /// positions volume (taken from the input with the most docs); none when there is little to split.
    private static func splitTerms(_ field: TextField, _ inputs: [SegmentReader], parts: Int) throws -> [[UInt8]] {
        guard parts > 1, inputs.count > 1, let big = inputs.max(by: { $0.docCount < $1.docCount }) else { return [] }
        var it = big.dictionary(field).makeIterator()
        var first: UInt64 = 0, last: UInt64 = 0, terms = 0
        while try it.next() {
            if terms == 0 { first = it.info.positionsOffset }
            last = it.info.positionsOffset
            terms += 1
        }
        let n = min(parts, terms / 64)
        guard n > 1 else { return [] }
        var pivots: [[UInt8]] = []
        it = big.dictionary(field).makeIterator()
        while try it.next(), pivots.count < n - 1 {
            // The next cut: where `pivots.count + 1` n-ths of the volume are behind.
            if it.info.positionsOffset - first >= (last - first) / UInt64(n) * UInt64(pivots.count + 1) && it.term != pivots.last {
                if pivots.isEmpty && it.info.positionsOffset == first { continue } // never an empty first range
                pivots.append(it.term)
            }
        }
        return pivots
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
