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
    /// Term ranges per field: up to `bodyRanges` for the body (the bulk of the work: enough tasks to keep
    /// every thread busy to the end), up to `metaRanges` for meta.
    static let bodyRanges = 16
    static let metaRanges = 2
    /// Bytes of merged term ranges (all but the first, written in place) kept in memory until they are
    /// appended; beyond it they go to temporary files. Measured: on 2 threads two ranges of ~60 MB fill at a time.
    static let spillMemory = 256 << 20

    /// Merges `inputs` into the new segment `<directory>/<name>.*` (fsync'd) on `threads` threads and
    /// returns its commit record. Temporary files `<name>-m<r>.post/.pos` are deleted before returning.
    /// - Throws: `SearchError.index` on I/O errors or damaged inputs.
    /// - Parameters:
    ///   - spillMemory: bytes of ranges kept in memory while they wait (tests: 0 = all to files).
    ///   - sharedText: the build's shared text store when the inputs were flushed with it: its file
    ///     becomes the merged STOR file and the inputs' text block numbers are kept (no text copied).
    static func merge(_ inputs: [SegmentReader], directory: String, name: String, threads: Int = 1,
                      spillMemory: Int = SegmentMerger.spillMemory, sharedText: SharedTextStore? = nil) throws -> SegmentMeta {
        try mergeTimed(inputs, directory: directory, name: name, threads: threads, spillMemory: spillMemory, sharedText: sharedText).meta
    }

    /// `merge`, also returning the seconds the merged segment's stem map took (part of the merge's time).
    static func mergeTimed(_ inputs: [SegmentReader], directory: String, name: String, threads: Int = 1,
                           spillMemory: Int = SegmentMerger.spillMemory, sharedText: SharedTextStore? = nil) throws -> (meta: SegmentMeta, stemMapSeconds: Double) {
        // New doc ids.
        var all: [(key: Int32, arrival: UInt64, seg: Int, local: UInt32)] = []
        for (s, seg) in inputs.enumerated() {
            for d in 0..<seg.docCount { all.append((seg.filed(d) ?? Int32.max, seg.arrival(d), s, d)) }
        }
        all.sort { a, b in a.key != b.key ? a.key < b.key : a.arrival != b.arrival ? a.arrival < b.arrival : (a.seg, a.local) < (b.seg, b.local) }
        var bases: [Int] = []
        var docs = 0
        for seg in inputs { bases.append(docs); docs += Int(seg.docCount) }
        var flat = [UInt32](repeating: 0, count: docs)
        var bodyLengths = [UInt32](repeating: 0, count: all.count), metaLengths = bodyLengths
        for (newDoc, e) in all.enumerated() {
            flat[bases[e.seg] + Int(e.local)] = UInt32(newDoc)
            bodyLengths[newDoc] = inputs[e.seg].docLength(e.local, .body)
            metaLengths[newDoc] = inputs[e.seg].docLength(e.local, .meta)
        }

        let w = try SegmentFileWriter(directory: directory, name: name, sharedText: sharedText)
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
        let job = MergeJob(inputs: inputs, remap: Remap(flat: flat, bases: bases), order: all.map { ($0.arrival, $0.seg, $0.local) }, writer: w,
                           ranges: ranges, directory: directory, name: name, lengths: [bodyLengths, metaLengths],
                           spillBudget: SpillBudget(limit: spillMemory), textShared: sharedText != nil)
        all = []
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, ranges.count + 1))) { _ in job.work() }
        if let e = job.failure.withLock({ $0 }) { throw e }
        w.stemThreads = threads
        let meta = try w.finish()
        return (meta, w.stemMapSeconds)
    }

    /// New doc ids of every input's docs, in one array: input `s`'s doc `d` becomes `flat[bases[s] + d]`.
    struct Remap: Sendable {
        let flat: [UInt32]
        let bases: [Int]
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
        let remap: Remap
        /// Per new doc: (arrival, input, local doc).
        let order: [(UInt64, Int, UInt32)]
        let writer: SegmentFileWriter
        let ranges: [TermRange]
        let directory: String, name: String
        let lengths: [[UInt32]]
        let nextTask = Atomic<Int>(0)
        /// Memory the merged term ranges may hold before spilling to files.
        let spillBudget: SpillBudget
        /// The inputs' text blocks are already the writer's (shared text store): their numbers stay.
        let textShared: Bool
        let failure = Mutex<Error?>(nil)
        /// Finished ranges waiting to be appended (nil = not finished, or range 0 written in place),
        /// the next range to append, and whether a thread is appending now.
        private let appender: Mutex<(done: [Bool], spills: [TermSpill?], next: Int, busy: Bool)>

        init(inputs: [SegmentReader], remap: Remap, order: [(UInt64, Int, UInt32)], writer: SegmentFileWriter,
             ranges: [TermRange], directory: String, name: String, lengths: [[UInt32]], spillBudget: SpillBudget, textShared: Bool) {
            self.inputs = inputs; self.remap = remap; self.order = order; self.writer = writer; self.spillBudget = spillBudget
            self.textShared = textShared
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
                    if t == 0 { try documents() } else { try range(t - 1) }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }

        /// Copies the store blocks and adds every doc (store map, columns, keywords) in new doc order,
        /// then finishes those files.
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
                if !textShared { ref.textBlock += bases[s].text }
                ref.fieldsBlock += bases[s].fields
                w.addMappedDocument(d, ref: ref, bodyLength: seg.docLength(local, .body), metaLength: seg.docLength(local, .meta), arrival: arrival)
            }
            try w.finishDocuments() // columns, keywords and store written and fsync'd while terms are merged
        }

        /// Merges range `r`: in place when it is the first one, else into a spill; then appends what it can.
        private func range(_ r: Int) throws {
            let tr = ranges[r]
            var spill: TermSpill? = nil
            if r == 0 {
                try SegmentMerger.mergeRange(tr.field, inputs, remap, from: tr.from, below: tr.below, into: writer)
            } else {
                let s = try TermSpill(directory: directory, name: "\(name)-m\(r)", lengths: lengths[Int(tr.field.rawValue)], budget: spillBudget)
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
    /// Any cuts give the same merged bytes; these only balance the work.
    static func splitTerms(_ field: TextField, _ inputs: [SegmentReader], parts: Int) throws -> [[UInt8]] {
        guard parts > 1, inputs.count > 1, let big = inputs.max(by: { $0.docCount < $1.docCount }) else { return [] }
        var it = big.dictionary(field).makeIterator()
        var first: UInt64 = 0, last: UInt64 = 0, terms = 0
        while try it.next() {
            if terms == 0 { first = it.info.positionsOffset }
            last = it.info.positionsOffset
            terms += 1
        }
        let n = min(parts, terms / 4) // a few terms per range at least (tiny merges: fewer, smaller tasks)
        guard n > 1 else { return [] }
        var pivots: [[UInt8]] = []
        it = big.dictionary(field).makeIterator()
        while try it.next(), pivots.count < n - 1 {
            // The next cut: where `pivots.count + 1` n-ths of the volume are behind.
            if it.info.positionsOffset - first >= (last - first) / UInt64(n) * UInt64(pivots.count + 1) {
                if pivots.isEmpty && it.info.positionsOffset == first { continue } // never an empty first range
                pivots.append(it.term)
            }
        }
        return pivots
    }

    /// Merges the terms of `field` in `[from, below)` (nil = unbounded) into `sink`.
    static func mergeRange<Sink: MergedTermSink>(_ field: TextField, _ inputs: [SegmentReader], _ remap: Remap, from: [UInt8]?, below: [UInt8]?,
                                                 into w: Sink) throws {
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
        // Inputs are consumed in file order: what is behind us (in this range) is dropped from the resident
        // set every 4 MiB of an input, and all of it when the range ends (pages before it belong to others).
        // Behind us = before the current term's data; once an input is exhausted the iterator keeps its last
        // term, whose pages stay (the next field's data may follow them, read by another range).
        var released = its.indices.map { has[$0] ? (Int(its[$0].info.postingsOffset), Int(its[$0].info.positionsOffset)) : (0, 0) }
        func release(_ i: Int, final: Bool) {
            let post = Int(its[i].info.postingsOffset), pos = Int(its[i].info.positionsOffset)
            if final || post - released[i].0 >= 4 << 20 {
                inputs[i].files[1].release(from: released[i].0, upTo: post)
                released[i].0 = post
            }
            if final || pos - released[i].1 >= 4 << 20 {
                inputs[i].files[2].release(from: released[i].1, upTo: pos)
                released[i].1 = pos
            }
        }
        let started = has
        defer { for i in its.indices where started[i] { release(i, final: true) } }
        // One cursor per input, reset to each term it has (kept buffers); `active` lists the inputs
        // having the current term.
        var cursors: [PostingsCursor?] = Array(repeating: nil, count: inputs.count)
        var active: [Int] = []
        var heap: [UInt64] = []
        let runDocs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128), runFreqs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        let runLengths = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        defer { runDocs.deallocate(); runFreqs.deallocate(); runLengths.deallocate() }
        var sinceRelease = 0
        while true {
            sinceRelease += 1
            if sinceRelease == 256 {
                sinceRelease = 0
                for i in its.indices where has[i] { release(i, final: false) }
            }
            // Smallest current term.
            var minTerm: [UInt8]? = nil
            for i in its.indices where has[i] {
                if minTerm == nil || its[i].term.lexicographicallyPrecedes(minTerm!) { minTerm = its[i].term } // minTerm set in the first branch
            }
            guard let term = minTerm else { break }
            if let below, !term.lexicographicallyPrecedes(below) { break }
            active.removeAll(keepingCapacity: true)
            for i in its.indices where has[i] && its[i].term == term {
                if cursors[i] != nil {
                    guard inputs[i].reset(&cursors[i]!, info: its[i].info) else { throw inputs[i].files[1].damaged("term without postings during merge") } // non-nil: checked
                } else {
                    guard let c = inputs[i].postings(field, info: its[i].info, positions: true) else { throw inputs[i].files[1].damaged("term without postings during merge") }
                    cursors[i] = c
                }
                active.append(i)
                has[i] = try its[i].next()
            }
            // k-way merge of the cursors by new doc id: a binary min-heap of `newDoc << 32 | cursor`
            // (new doc ids are distinct across inputs, so keys never tie). The top cursor gives a run: its
            // docs below the next smallest key (one block at most, and what the output block takes),
            // copied at once — long when files were indexed in filed-date order (`processingOrder`).
            heap.removeAll(keepingCapacity: true)
            for k in active where cursors[k]!.doc != .max { // active inputs have a cursor
                heap.append(UInt64(remap.flat[remap.bases[k] + Int(cursors[k]!.doc)]) << 32 | UInt64(k)) // as above
            }
            let n = heap.count
            heap.withUnsafeMutableBufferPointer { h in
                cursors.withUnsafeMutableBufferPointer { cs in
                    remap.flat.withUnsafeBufferPointer { flat in
                        var count = n
                        var i = count / 2
                        while i > 0 { i -= 1; siftDown(h, i, count) }
                        while count > 0 {
                            let k = Int(truncatingIfNeeded: h[0] & 0xFFFF_FFFF) // low half: the cursor index
                            var next = UInt64.max // the smallest other key: a child of the root
                            if count > 1 { next = h[1] }
                            if count > 2 && h[2] < next { next = h[2] }
                            let map = flat.baseAddress! + remap.bases[k] // non-empty: every input has docs
                            let (m, bits) = cs[k]!.takeRun(limit: w.blockRoom, below: UInt32(truncatingIfNeeded: next >> 32), remap: map, // heap entries are active inputs (a cursor each); high half: its doc
                                                                 newDocs: runDocs, runFreqs: runFreqs, runLengths: runLengths)
                            w.addEncodedRun(docs: runDocs, freqs: runFreqs, lengths: runLengths, count: m, positions: bits)
                            let d = cs[k]!.doc // an active input: it has a cursor
                            if d == .max {
                                count -= 1
                                h[0] = h[count]
                            } else {
                                h[0] = UInt64(map[Int(d)]) << 32 | UInt64(k)
                            }
                            siftDown(h, 0, count)
                        }
                    }
                }
            }
            term.withUnsafeBytes { w.finishTerm($0) }
        }
    }
}

extension SegmentMerger {
    /// Restores the min-heap order of `h[0..<count]` below `i`.
    @inline(__always)
    fileprivate static func siftDown(_ h: UnsafeMutableBufferPointer<UInt64>, _ i: Int, _ count: Int) {
        var i = i
        let v = h[i]
        while true {
            var c = 2 &* i &+ 1 // i < count ≤ inputs: no overflow
            if c >= count { break }
            if c &+ 1 < count && h[c &+ 1] < h[c] { c &+= 1 } // c + 1 < count
            if v <= h[c] { break }
            h[i] = h[c]
            i = c
        }
        h[i] = v
    }
}

extension SegmentReader {
    func termIterator(_ field: TextField) throws -> TermDictReader.Iterator {
        dictionary(field).makeIterator()
    }
}
