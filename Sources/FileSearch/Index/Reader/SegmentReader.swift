/// Read-only view of one immutable segment (memory-mapped, verified on open).
///
/// Doc ids are local (0..<docCount) and numbered in filed-date order, undated last.
/// Every method is safe on a damaged segment that slipped past the checksum: such reads return
/// empty results rather than crash (the checksum makes that case practically impossible).
public final class SegmentReader: @unchecked Sendable { // immutable after init; mappings are read-only
    public let name: String
    public let docCount: UInt32
    let meta: SegmentMeta
    let files: [MappedIndexFile]
    private let dicts: [TermDictReader]
    private let stemMaps: [StemMapReader]
    let columns: ColumnsReader
    private let keywords: KeywordsReader
    let store: DocStoreReader
    private let postings: MappedIndexFile
    private let positionsFile: MappedIndexFile
    /// The STEM file (stem groups and their lists).
    private let stemFile: MappedIndexFile
    /// Sorted form values; `formOrdinal` column indexes it.
    public let formValues: [String]

    /// Opens the segment's files in `directory` and checks them against the commit record.
    /// - Throws: `SearchError.index` naming the first missing or damaged file.
    init(directory: String, meta: SegmentMeta, verify: Bool = true) throws {
        name = meta.name
        docCount = meta.docCount
        self.meta = meta
        var fs: [MappedIndexFile] = []
        for (k, seal) in zip(SegmentFileKind.all, meta.seals) {
            let path = meta.path(k, in: directory)
            let f = try MappedIndexFile(path: path, kind: k.magic, verify: verify)
            guard f.size == Int(seal.size), f.crc == seal.crc else {
                throw IndexIOError.damaged(path, "size or checksum disagrees with the commit")
            }
            fs.append(f)
        }
        files = fs
        let terms = fs[0], post = fs[1], pos = fs[2], cols = fs[3], keyw = fs[4], stor = fs[5], stem = fs[6]
        dicts = try [TermDictReader(file: terms, field: 0), TermDictReader(file: terms, field: 1)]
        stemMaps = try [StemMapReader(file: stem, field: 0), StemMapReader(file: stem, field: 1)]
        columns = try ColumnsReader(file: cols, expectedDocs: meta.docCount)
        keywords = try KeywordsReader(file: keyw)
        store = try DocStoreReader(file: stor, docCount: meta.docCount)
        postings = post
        positionsFile = pos
        stemFile = stem
        var forms: [String] = []
        for i in 0..<keywords.valueCount(.form) { forms.append(try keywords.value(.form, i)) }
        formValues = forms
    }

    // MARK: lengths and columns

    /// Number of primary tokens of `field` in `doc`. - Complexity: O(1).
    @inline(__always)
    public func docLength(_ doc: UInt32, _ field: TextField) -> UInt32 {
        guard doc < docCount else { return 0 }
        return Raw.u32(field == .body ? columns.bodyLength : columns.metaLength, Int(doc) * 4)
    }

    /// Sum of `field` lengths over the segment's docs.
    public func totalLength(_ field: TextField) -> UInt64 { field == .body ? columns.totalBody : columns.totalMeta }

    /// Filed day (days since epoch) of `doc`, or nil when unknown. - Complexity: O(1).
    public func filed(_ doc: UInt32) -> Int32? {
        guard doc < docCount else { return nil }
        let v = Raw.i32(columns.filed, Int(doc) * 4)
        return v == Int32.min ? nil : v
    }

    /// Period-of-report day of `doc`, or nil. - Complexity: O(1).
    public func period(_ doc: UInt32) -> Int32? {
        guard doc < docCount else { return nil }
        let v = Raw.i32(columns.period, Int(doc) * 4)
        return v == Int32.min ? nil : v
    }

    /// Index of `doc`'s form type in `formValues`, or nil. - Complexity: O(1).
    public func formOrdinal(_ doc: UInt32) -> Int? {
        guard doc < docCount else { return nil }
        let v = Raw.u32(columns.formOrdinal, Int(doc) * 4)
        return v == UInt32.max || Int(v) >= formValues.count ? nil : Int(v)
    }

    /// Input position of `doc` (file index << 24 | document index in the file, or record index).
    public func arrival(_ doc: UInt32) -> UInt64 {
        guard doc < docCount else { return 0 }
        return Raw.u64(columns.arrival, Int(doc) * 8)
    }

    /// Normalized form type of `doc`, or nil. - Complexity: O(1).
    public func formType(_ doc: UInt32) -> String? { formOrdinal(doc).map { formValues[$0] } }

    /// Docs whose filed day lies in `range` (an interval, because docs are in filed-date order).
    /// - Complexity: O(log docCount).
    public func docs(filedIn range: DateRange) -> Range<UInt32> {
        // Dated docs come first, ascending; find the dated prefix, then bound it.
        func firstIndex(where pred: (UInt32) -> Bool) -> UInt32 { // first doc for which pred is true (pred monotone)
            var lo: UInt32 = 0, hi = docCount
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if pred(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        let datedEnd = firstIndex { Raw.i32(self.columns.filed, Int($0) * 4) == Int32.min }
        let lower = range.lower.map { l in firstIndex { d in d >= datedEnd || Raw.i32(self.columns.filed, Int(d) * 4) >= l.daysSinceEpoch } } ?? 0
        let upper = range.upper.map { u in firstIndex { d in d >= datedEnd || Raw.i32(self.columns.filed, Int(d) * 4) > u.daysSinceEpoch } } ?? datedEnd
        return lower < upper ? lower..<upper : lower..<lower
    }

    // MARK: terms and postings

    private func lookup(_ field: TextField, _ term: [UInt8]) -> TermInfo? {
        guard let info = try? dicts[Int(field.rawValue)].lookup(term) else { return nil }
        return isValid(info) ? info : nil
    }

    /// Refuses offsets outside the files (only possible for a damaged file that passed the CRC).
    private func isValid(_ info: TermInfo) -> Bool {
        info.postingsOffset >= 16 && info.postingsOffset < UInt64(postings.bodyEnd) &&
            info.positionsOffset >= 16 && info.positionsOffset <= UInt64(positionsFile.bodyEnd) &&
            info.docFreq > 0 && info.docFreq <= Int(docCount)
    }

    /// `term`'s dictionary entry, or nil when absent (or damaged).
    func termEntry(_ field: TextField, _ term: [UInt8]) -> TermInfo? { lookup(field, term) }

    /// Up to `limit` terms of `field` starting with `prefix`, with their entries, ascending.
    func termEntries(_ field: TextField, prefix: [UInt8], limit: Int) -> [(term: [UInt8], info: TermInfo)] {
        ((try? dicts[Int(field.rawValue)].entries(prefix: prefix, limit: limit)) ?? []).filter { isValid($0.info) }
    }

    /// Exact terms of `field` whose `Stemmer.stem` equals `stem`, with their entries, ascending.
    func termEntries(_ field: TextField, stem: [UInt8]) -> [(term: [UInt8], info: TermInfo)] {
        stemGroup(field, stem: stem).entries
    }

    /// The terms of `field` whose `Stemmer.stem` equals `stem` (entries ascending), and the group's
    /// list when it has one (their union with summed freqs: `postings(_:list:)`).
    func stemGroup(_ field: TextField, stem: [UInt8]) -> (entries: [(term: [UInt8], info: TermInfo)], list: StemGroupList?) {
        let f = Int(field.rawValue)
        if let g = try? stemMaps[f].group(stem: stem) {
            return (((try? dicts[f].entries(ordinals: g.ordinals)) ?? []).filter { isValid($0.info) },
                    g.list.flatMap { $0.docFreq <= Int(docCount) ? $0 : nil })
        }
        // Not stored: the only candidate is the stem itself when it stems to itself.
        if let info = lookup(field, stem), Stemmer.stem(stem) == stem { return ([(stem, info)], nil) }
        return ([], nil)
    }

    /// A cursor over a stem group's list (no positions).
    func postings(_ field: TextField, list: StemGroupList) -> PostingsCursor {
        PostingsCursor(owner: self, post: stemFile.base, pos: stemFile.base, // no positions: `pos` is never read
                       lengths: field == .body ? columns.bodyLength : columns.metaLength,
                       termPost: list.offset, termPos: 0, docFreq: list.docFreq, positions: false)
    }

    /// Document frequency and total term frequency of `term`, or nil when absent.
    /// - Complexity: O(log terms) (binary search over the block index plus one block scan).
    public func termStats(_ field: TextField, _ term: [UInt8]) -> TermStats? {
        lookup(field, term).map { TermStats(docFreq: $0.docFreq, totalTermFreq: $0.totalTermFreq) }
    }

    /// A cursor over `term`'s postings positioned on its first doc, or nil when the term is absent.
    /// Pass `positions: true` to be able to call `positions(into:)`.
    public func postings(_ field: TextField, _ term: [UInt8], positions: Bool) -> PostingsCursor? {
        guard let info = lookup(field, term) else { return nil }
        return postings(field, info: info, positions: positions)
    }

    /// A cursor over the postings `info` (from this segment's dictionary of `field`) describes, or nil
    /// when its offsets are out of range (merging: saves looking up a term the iterator is on).
    func postings(_ field: TextField, info: TermInfo, positions: Bool) -> PostingsCursor? {
        guard isValid(info) else { return nil }
        return PostingsCursor(owner: self, post: postings.base, pos: positionsFile.base,
                              lengths: field == .body ? columns.bodyLength : columns.metaLength,
                              termPost: Int(info.postingsOffset), termPos: Int(info.positionsOffset),
                              docFreq: info.docFreq, positions: positions)
    }

    /// Points `cursor` (from `postings(_:info:positions:)` on this segment and field) at the postings
    /// `info` describes; false when its offsets are out of range (as `postings` returning nil).
    func reset(_ cursor: inout PostingsCursor, info: TermInfo) -> Bool {
        guard isValid(info) else { return false }
        cursor.reset(termPost: Int(info.postingsOffset), termPos: Int(info.positionsOffset), docFreq: info.docFreq)
        return true
    }

    /// Up to `limit` terms of `field` starting with `prefix`, ascending by bytes.
    public func terms(_ field: TextField, prefix: [UInt8], limit: Int) -> [[UInt8]] {
        (try? dicts[Int(field.rawValue)].terms(prefix: prefix, limit: limit)) ?? []
    }

    /// Exact terms of `field` whose `Stemmer.stem` equals `stem`, ascending.
    public func terms(_ field: TextField, stem: [UInt8]) -> [[UInt8]] {
        termEntries(field, stem: stem).map(\.term)
    }

    func dictionary(_ field: TextField) -> TermDictReader { dicts[Int(field.rawValue)] }

    /// Number of terms in `field`.
    public func termCount(_ field: TextField) -> Int { dicts[Int(field.rawValue)].termCount }

    /// Every term of `field` with its stats, ascending (stats, merging, tests). - Complexity: O(terms).
    public func forEachTerm(_ field: TextField, _ body: ([UInt8], TermStats) throws -> Void) throws {
        var it = dicts[Int(field.rawValue)].makeIterator()
        while try it.next() { try body(it.term, TermStats(docFreq: it.info.docFreq, totalTermFreq: it.info.totalTermFreq)) }
    }

    // MARK: keywords and store

    /// Sorted local doc ids having `value` in `field` (value normalized with `KeywordNormalizer`).
    public func keywordDocs(_ field: KeywordField, _ value: String) -> [UInt32] {
        guard let v = KeywordNormalizer.normalize(field, value),
              let i = try? keywords.find(field, v) else { return [] }
        return (try? keywords.docs(field, i, docCount: docCount)) ?? []
    }

    /// Every distinct normalized value of `field` in this segment, ascending.
    public func keywordValues(_ field: KeywordField) -> [String] {
        (0..<keywords.valueCount(field)).compactMap { try? keywords.value(field, $0) }
    }

    /// Stored fields of `doc` without its text. Throws `SearchError.index` on a damaged store.
    public func storedFieldsChecked(_ doc: UInt32) throws -> StoredDocument { try store.fields(doc) }

    /// Stored fields and text of `doc`. Throws `SearchError.index` on a damaged store.
    public func storedDocumentChecked(_ doc: UInt32) throws -> StoredDocument {
        var d = try store.fields(doc)
        d.text = try store.text(doc)
        return d
    }

    /// Stored fields of `doc` without its text (text empty). Fast: decompresses one small block.
    /// A damaged block yields a placeholder with `sourcePath` naming the problem.
    public func storedFields(_ doc: UInt32) -> StoredDocument {
        (try? storedFieldsChecked(doc)) ?? SegmentReader.damagedPlaceholder(doc)
    }

    /// Stored fields and decompressed text of `doc`.
    public func storedDocument(_ doc: UInt32) -> StoredDocument {
        (try? storedDocumentChecked(doc)) ?? SegmentReader.damagedPlaceholder(doc)
    }

    static func damagedPlaceholder(_ doc: UInt32) -> StoredDocument {
        StoredDocument(accession: nil, sourcePath: "<damaged store: doc \(doc)>", sequence: 0, documentType: nil,
                       documentFileName: nil, description: nil, formType: nil, filed: nil, period: nil,
                       ciks: [], companyNames: [], sics: [], states: [], text: [])
    }

    /// Distinct filings (accessions, or source files without one) in this segment.
    public var filings: Int { columns.filings }

    /// Bytes per component of this segment.
    var bytesByComponent: [String: Int] {
        var out: [String: Int] = [:]
        for (k, f) in zip(SegmentFileKind.all, files) { out[k.component, default: 0] += f.size }
        return out
    }
}
