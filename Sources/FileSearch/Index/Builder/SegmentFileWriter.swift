#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one immutable segment: documents first (in final doc-id order), then each text field's terms
/// in ascending byte order with their postings.
///
/// Usage: `addDocument` × docCount; for each field `beginField`, then per term `addPosting` × df and
/// `finishTerm`; finally `finish`. Throws `SearchError.index` on I/O errors.
///
/// The document side (`add…Document`, `addTextBlocks`, `copyStoreBlocks`) and the term side (`beginField`,
/// `addPosting`, `addEncodedRun`, `finishTerm`, `appendTerms`) touch disjoint state: a merge runs one
/// thread on each at the same time, the term side given its doc lengths by `beginField(_:lengths:)`.
/// Each side alone is not thread-safe; `finish` runs after both are done.
final class SegmentFileWriter {
    let directory: String
    let name: String
    private let termsW, postW, posW, colsW, keywW, storeW, stemW: IndexFileWriter
    private var store: DocStoreWriter
    private var columns = ColumnsWriter()
    private var keywords = KeywordsWriter()
    private var forms: [String?] = []
    private var filingKeys = Set<String>()
    private var dicts: [TermDictWriter] = [TermDictWriter(), TermDictWriter()]
    /// False for a flushed segment that will be merged: its STEM file stays empty (the merge writes one)
    /// and its files are not fsync'd (see `IndexBuilder`).
    private let final: Bool
    /// Threads for building the stem group lists of a final segment (`writeStemMap`).
    var stemThreads = 1
    /// Seconds `finish` spent on the stem map (0 for a segment to be merged).
    private(set) var stemMapSeconds = 0.0
    private var field: TextField = .body
    /// Doc lengths of the current field by doc id (term side; set by `beginField`).
    private var termLengths: [UInt32] = []
    private var encoder = PostingsEncoder()
    private(set) var docCount: UInt32 = 0

    /// - Parameters:
    ///   - final: false for a segment that will be merged (the merge writes its own stem map and
    ///     fsyncs what it writes): the stem map stays empty and the files are not fsync'd.
    ///   - sharedText: the build's shared text store, whose file becomes this segment's STOR file
    ///     (a merge: its documents keep their text block numbers).
    init(directory: String, name: String, final: Bool = true, sharedText: SharedTextStore? = nil) throws {
        self.directory = directory
        self.name = name
        self.final = final
        encoder.computesImpacts = final // a segment to be merged: nobody reads its impacts
        func open(_ k: SegmentFileKind) throws -> IndexFileWriter {
            try IndexFileWriter(path: "\(directory)/\(name).\(k.ext)", kind: k.magic,
                                mode: !final ? .scratch : k == .positions || k == .store ? .streamed : .durable)
        }
        termsW = try open(.terms); postW = try open(.postings); posW = try open(.positions)
        colsW = try open(.columns); keywW = try open(.keywords); stemW = try open(.stems)
        if let sharedText {
            let (w, index, emitted) = sharedText.adopt()
            storeW = w
            store = DocStoreWriter(textStart: sharedText.textStart, index: index, emitted: emitted)
        } else {
            storeW = try open(.store)
            store = DocStoreWriter(writer: storeW)
        }
    }

    /// Adds the next document (doc id = number of documents added before).
    func addDocument(_ d: StoredDocument, text: UnsafeRawBufferPointer, bodyLength: UInt32, metaLength: UInt32, arrival: UInt64) {
        let doc = docCount
        store.add(d, text: text, to: storeW)
        addColumnsAndKeywords(d, doc: doc, bodyLength: bodyLength, metaLength: metaLength, arrival: arrival)
        docCount += 1
    }

    /// Appends text blocks compressed during the build; returns the block number `b`'s block 0 got.
    func addTextBlocks(_ b: inout StoreBlockBuilder) -> UInt32 { store.addTextBlocks(&b, to: storeW) }

    /// Adds the next document whose text is in a block added by `addTextBlocks` (`textRef` = block, slot).
    func addDocument(_ d: StoredDocument, textRef: (UInt32, UInt32), bodyLength: UInt32, metaLength: UInt32, arrival: UInt64) {
        let doc = docCount
        store.add(d, textRef: textRef)
        addColumnsAndKeywords(d, doc: doc, bodyLength: bodyLength, metaLength: metaLength, arrival: arrival)
        docCount += 1
    }

    /// Copies the compressed store blocks of `r` (merge); docs added later with `addMappedDocument`.
    func copyStoreBlocks(of r: SegmentReader) throws -> (text: UInt32, fields: UInt32) {
        try store.copyBlocks(of: r.store, to: storeW)
    }

    /// Adds the next document whose store bytes were copied with `copyStoreBlocks` (`d` without text).
    func addMappedDocument(_ d: StoredDocument, ref: StoreRef, bodyLength: UInt32, metaLength: UInt32, arrival: UInt64) {
        let doc = docCount
        store.addMapped(ref)
        addColumnsAndKeywords(d, doc: doc, bodyLength: bodyLength, metaLength: metaLength, arrival: arrival)
        docCount += 1
    }

    private func addColumnsAndKeywords(_ d: StoredDocument, doc: UInt32, bodyLength: UInt32, metaLength: UInt32, arrival: UInt64) {
        columns.add(bodyLength: bodyLength, metaLength: metaLength, filed: d.filed, period: d.period, formOrdinal: 0, arrival: arrival)
        var form: String? = nil
        for f in KeywordField.allCases {
            let values = KeywordNormalizer.values(f, of: d)
            if f == .form { form = values.first }
            for v in values { keywords.add(f, v, doc: doc) }
        }
        forms.append(form)
        filingKeys.insert(d.accession ?? d.sourcePath)
    }

    /// Starts field `f` with the lengths of the documents added so far (every document must be added).
    func beginField(_ f: TextField) {
        beginField(f, lengths: f == .body ? columns.bodyLength : columns.metaLength)
    }

    /// Starts field `f`; `lengths[doc]` = doc's length in `f`, for every doc of the finished segment
    /// (a merge passes them so its documents can be added concurrently).
    func beginField(_ f: TextField, lengths: [UInt32]) {
        field = f
        encoder.reset()
        termLengths = lengths
        encoder.avgLength = PostingsEncoder.averageLength(lengths)
    }

    /// Adds one posting of the current term (docs ascending; positions ascending and distinct).
    @inline(__always)
    func addPosting(doc: UInt32, positions: UnsafeBufferPointer<UInt32>) {
        encoder.add(doc: doc, positions: positions, fieldLength: termLengths[Int(doc)])
    }

    /// Adds one posting whose positions are already encoded (merge).
    @inline(__always)
    var blockRoom: Int { encoder.blockRoom }

    func addEncodedRun(docs: UnsafePointer<UInt32>, freqs: UnsafePointer<UInt32>, lengths: UnsafePointer<UInt32>, count: Int, positions: PositionBits) {
        encoder.addEncodedRun(docs: docs, freqs: freqs, lengths: lengths, count: count, positions: positions)
    }

    /// Ends the current term and records it in the dictionary (terms must come in ascending order).
    func finishTerm(_ term: UnsafeRawBufferPointer) {
        let postings = encoder.finish()
        let info = TermInfo(docFreq: encoder.docFreq, totalTermFreq: encoder.totalTermFreq,
                            postingsOffset: UInt64(postW.offset), positionsOffset: UInt64(posW.offset))
        postW.write(postings)
        posW.write(encoder.positions)
        dicts[Int(field.rawValue)].add(term, info)
        encoder.reset()
    }

    /// Appends terms merged elsewhere (`TermSpill`): their postings and positions bytes (given as
    /// chunks by `copy`), then their dictionary entries with offsets moved by where the bytes landed.
    /// Terms must follow the ones already added, in ascending order.
    func appendTerms(terms: [([UInt8], TermInfo)],
                     copy: (_ postings: (UnsafeRawBufferPointer) -> Void, _ positions: (UnsafeRawBufferPointer) -> Void) throws -> Void) rethrows {
        let postBase = UInt64(postW.offset), posBase = UInt64(posW.offset)
        try copy({ postW.write($0) }, { posW.write($0) })
        let f = Int(field.rawValue)
        for (term, var info) in terms {
            info.postingsOffset += postBase
            info.positionsOffset += posBase
            term.withUnsafeBytes { dicts[f].add($0, info) }
        }
    }

    /// Writes the remaining files, fsyncs all of them and returns the segment's commit record. A final
    /// segment then gets its stem map (`writeStemMap`: built from the files just written); a segment
    /// to be merged keeps an empty one.
    func finish() throws -> SegmentMeta {
        termLengths = []
        try finishDocuments()
        var seals = documentSeals
        func seal(_ k: SegmentFileKind, _ w: IndexFileWriter, _ toc: [UInt64]) throws {
            let r = try w.finish(toc: toc, sync: final)
            seals[k.magic] = FileSeal(size: UInt64(r.size), crc: r.crc)
        }
        var termToc: [UInt64] = []
        for d in dicts { termToc.append(UInt64(termsW.offset)); d.write(to: termsW) }
        try seal(.terms, termsW, termToc)
        try seal(.postings, postW, [16])
        try seal(.positions, posW, [16])
        try seal(.stems, stemW, Self.writeEmptyStemMap(to: stemW))
        let meta = SegmentMeta(name: name, docCount: docCount, seals: SegmentFileKind.all.map { seals[$0.magic]! }) // every kind sealed here or in finishDocuments
        guard final else { return meta }
        let start = Clock.now
        defer { stemMapSeconds = start.secondsSince }
        return try Self.writeStemMap(meta, directory: directory, threads: stemThreads)
    }

    /// Writes a STEM body without groups; returns its toc.
    private static func writeEmptyStemMap(to w: IndexFileWriter) -> [UInt64] {
        var toc: [UInt64] = []
        for _ in TextField.allCases {
            toc.append(UInt64(w.offset))
            StemMapWriter.writeGroups([], to: w)
        }
        for _ in TextField.allCases { toc.append(UInt64(w.offset)) } // no lists
        return toc
    }

    /// Seals of the document side's files, once `finishDocuments` ran.
    private var documentSeals: [String: FileSeal] = [:]
    private var documentsFinished = false

    /// Writes, fsyncs and closes the document side's files (columns, keywords, store) once every
    /// document is added; a merge calls it on its documents thread while terms are still being merged
    /// (document side: see the type's doc). `finish` calls it when not done yet.
    func finishDocuments() throws {
        guard !documentsFinished else { return }
        documentsFinished = true
        func seal(_ k: SegmentFileKind, _ w: IndexFileWriter, _ toc: [UInt64]) throws {
            let r = try w.finish(toc: toc, sync: final)
            documentSeals[k.magic] = FileSeal(size: UInt64(r.size), crc: r.crc)
        }
        let formValues = keywords.sortedValues(.form)
        var ordinal: [String: UInt32] = [:]
        for (i, v) in formValues.enumerated() { ordinal[v] = UInt32(i) }
        columns.formOrdinal = forms.map { $0.flatMap { ordinal[$0] } ?? UInt32.max }
        columns.filings = filingKeys.count
        try seal(.columns, colsW, columns.write(to: colsW))
        try seal(.keywords, keywW, keywords.write(to: keywW))
        try seal(.store, storeW, store.finish(storeW))
    }
}

extension SegmentFileWriter {
    /// Writes the stem map of segment `meta` (whose other files are complete) from its term
    /// dictionaries and postings: the groups, and the lists of groups with enough members
    /// (`StemGroupLists`) built on up to `threads` threads. A new STEM file, fsync'd, renamed over the
    /// existing one; returns the meta with its seal.
    /// - Throws: `SearchError.index` on I/O errors or a damaged dictionary.
    static func writeStemMap(_ meta: SegmentMeta, directory: String, threads: Int) throws -> SegmentMeta {
        let reader = try SegmentReader(directory: directory, meta: meta, verify: false)
        var groups: [[StemGroup]] = []
        var lists: [ByteSink] = []
        for f in TextField.allCases {
            var stems = StemMapWriter()
            var it = reader.dictionary(f).makeIterator()
            var ordinal: UInt32 = 0
            while try it.next() {
                let info = it.info
                it.term.withUnsafeBytes { stems.add($0, ordinal: ordinal, info: info) }
                ordinal += 1
            }
            var g = stems.groups()
            let avg = reader.docCount > 0 ? Double(reader.totalLength(f)) / Double(reader.docCount) : 1
            lists.append(StemGroupLists.build(&g, threads: threads, avgLength: avg, docCount: Int(reader.docCount),
                                              cursor: { reader.postings(f, info: $0, positions: false) },
                                              length: { reader.docLength($0, f) }))
            groups.append(g)
        }
        let tmp = "\(directory)/\(meta.name)-st.\(SegmentFileKind.stems.ext)" // a dead build's leftover matches the cleanup pattern
        let w = try IndexFileWriter(path: tmp, kind: SegmentFileKind.stems.magic, mode: .durable)
        var toc: [UInt64] = []
        for g in groups { toc.append(UInt64(w.offset)); StemMapWriter.writeGroups(g, to: w) }
        for l in lists { toc.append(UInt64(w.offset)); w.write(l) }
        let r = try w.finish(toc: toc)
        guard rename(tmp, meta.path(.stems, in: directory)) == 0 else { throw IndexIOError.io(tmp, "rename") }
        var out = meta
        out.seals[SegmentFileKind.all.firstIndex(of: .stems)!] = FileSeal(size: UInt64(r.size), crc: r.crc) // .stems is in .all
        return out
    }
}
