/// Parses one input file into a `Filing`: header metadata and documents.
///
/// Recognizes, in this order:
/// 1. full submissions: `<SEC-DOCUMENT>`/`<SEC-HEADER>` `.txt` (optionally inside a 1990s
///    `-----BEGIN PRIVACY-ENHANCED MESSAGE-----` wrapper) and `<SUBMISSION>` `.nc` files;
/// 2. pages that embed a submission header (`-index-headers.html`);
/// 3. bare `<DOCUMENT>` sequences and files that begin with `<TYPE>` lines before their body;
/// 4. standalone documents (the whole file is one document).
/// Files other than full submissions get fields from what they state (`StatedFacts`), then
/// from their `MANIFEST.tsv` row (`ManifestMetadata`). Never throws: problems become warnings.
public enum FilingParser {
    static let pem = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----".bytes
    static let secDocument = "<SEC-DOCUMENT>".bytes
    static let secHeader = "<SEC-HEADER>".bytes
    static let secHeaderEnd = "</SEC-HEADER>".bytes
    static let submission = "<SUBMISSION>".bytes
    static let typeTag = "<TYPE>".bytes
    /// A header larger than this is cut (and reported); real headers are a few KiB.
    static let maxHeaderBytes = 4 << 20

    /// Parses `bytes`, the whole file at `path` (used for names in warnings and the standalone file name).
    public static func parse(_ bytes: [UInt8], path: String, manifest: ManifestRow? = nil) -> Filing {
        bytes.withUnsafeBytes { parse($0, path: path, manifest: manifest) }
    }

    /// Parses the file held in `buf`.
    /// - Complexity: O(n) in the file size.
    public static func parse(_ buf: UnsafeRawBufferPointer, path: String, manifest: ManifestRow?) -> Filing {
        var warnings: [String] = []
        let n = buf.count
        guard n > 0 else {
            var meta = FilingMetadata()
            if let m = manifest { ManifestMetadata.apply(m, to: &meta, override: true) }
            return Filing(path: path, metadata: meta, documents: [], warnings: ["empty file (0 bytes): nothing to index"])
        }
        let (start, isSubmission, headerStart) = locate(buf, warnings: &warnings)
        var meta = FilingMetadata()
        var documents: [FilingDocument] = []
        if let hs = headerStart {
            let firstDoc = isSubmission ? ByteScan.find(DocumentScanner.open, in: buf, from: hs, to: n) : nil
            let limit = min(firstDoc ?? n, hs + maxHeaderBytes)
            let he = ByteScan.find(secHeaderEnd, in: buf, from: hs, to: limit) ?? limit
            if he == hs + maxHeaderBytes { warnings.append("header longer than \(maxHeaderBytes) bytes; the rest was not read") }
            (meta, warnings) = parseHeader(buf, hs..<he, warnings: warnings)
            if isSubmission {
                documents = DocumentScanner.scan(buf, from: firstDoc ?? he, warnings: &warnings)
                if documents.isEmpty { warnings.append("submission has no <DOCUMENT> blocks") }
                for (missing, name) in [(meta.accession == nil, "ACCESSION NUMBER"), (meta.formType == nil, "submission type"),
                                        (meta.filed == nil, "filing date")] where missing {
                    warnings.append("header states no \(name)")
                }
            }
        }
        if !isSubmission {
            documents = standaloneDocuments(buf, start: start, path: path, warnings: &warnings)
            readStated(buf, documents, hasHeader: headerStart != nil, into: &meta)
        }
        if let m = manifest { ManifestMetadata.apply(m, to: &meta, override: headerStart == nil) }
        if documents.contains(where: { !$0.isSkipped && ByteScan.find([0], in: buf, from: $0.body.lowerBound, to: $0.body.upperBound) != nil }) {
            warnings.append("file contains NUL bytes; they are treated as spaces")
        }
        return Filing(path: path, metadata: meta, documents: documents, warnings: warnings)
    }

    /// Where the content starts (past white space and a PEM preamble), whether the file is a full
    /// submission, and where its header (or an embedded one, as in `-index-headers.html`) starts.
    static func locate(_ buf: UnsafeRawBufferPointer, warnings: inout [String]) -> (start: Int, isSubmission: Bool, headerStart: Int?) {
        let n = buf.count
        var start = ByteScan.skipSpace(in: buf, from: 0, to: n)
        if ByteScan.matches(pem, in: buf, at: start) {
            if let s = ByteScan.find(secDocument, in: buf, from: start, to: min(n, start + 65_536)) { start = s }
            else { warnings.append("PEM wrapper without <SEC-DOCUMENT> in its first 64 KiB") }
        }
        let isSubmission = ByteScan.matches(secDocument, in: buf, at: start) || ByteScan.matches(secHeader, in: buf, at: start)
            || ByteScan.matches(submission, in: buf, at: start)
        if isSubmission { return (start, true, start) }
        return (start, false, ByteScan.find(secHeader, in: buf, from: start, to: min(n, start + 8192)))
    }

    /// The documents of a file that is not a full submission: a bare `<DOCUMENT>` sequence, one
    /// block that begins with `<TYPE>` lines, or else the whole file as one document.
    static func standaloneDocuments(_ buf: UnsafeRawBufferPointer, start: Int, path: String, warnings: inout [String]) -> [FilingDocument] {
        let n = buf.count
        if ByteScan.matches(DocumentScanner.open, in: buf, at: start) {
            let docs = DocumentScanner.scan(buf, from: start, warnings: &warnings)
            if !docs.isEmpty { return docs }
        } else if ByteScan.matches(typeTag, in: buf, at: start) {
            return [DocumentScanner.block(buf, start..<n, warnings: &warnings, index: 1)]
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let format = FormatDetector.detect(buf, body: 0..<n, type: nil, filename: name)
        if format == .binary || format == .uuencoded { warnings.append("file content is \(format), not text: counted, not indexed") }
        return [FilingDocument(type: nil, sequence: 1, filename: name, description: nil, body: 0..<n, format: format)]
    }

    /// Fills `meta` from what a non-submission file states: the `<TYPE>` of a leading SGML block
    /// (`.inferred`; exhibits `EX-…` give no form) and the first readable document's facts.
    static func readStated(_ buf: UnsafeRawBufferPointer, _ documents: [FilingDocument], hasHeader: Bool, into meta: inout FilingMetadata) {
        if !hasHeader, meta.formType == nil, let t = documents.first?.type, !t.uppercased().hasPrefix("EX-") {
            meta.formType = t
            meta.provenance["form"] = .inferred
        }
        if let doc = documents.first(where: { !$0.isSkipped }), let stated = StatedFacts.read(buf, doc) {
            ManifestMetadata.merge(stated, into: &meta)
        }
    }

    /// Feeds the header lines in `range` to a `HeaderParser`.
    static func parseHeader(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>, warnings: [String]) -> (FilingMetadata, [String]) {
        var p = HeaderParser()
        // Lines split on bytes (\n, \r, \r\n; empty lines skipped); the parser decodes only what it keeps.
        var i = range.lowerBound
        while i < range.upperBound {
            var e = i
            while e < range.upperBound && buf[e] != 10 && buf[e] != 13 { e += 1 }
            if e > i { p.line(UnsafeRawBufferPointer(rebasing: buf[i..<e])) }
            i = e + 1
        }
        let (meta, w) = p.finish()
        return (meta, warnings + w)
    }
}
