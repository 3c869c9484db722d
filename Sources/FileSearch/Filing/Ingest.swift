/// One input file found by `CorpusWalker`.
public struct CorpusFile: Sendable {
    /// Absolute or as-given path to read.
    public var path: String
    /// Path relative to the walked root (what records and hits show).
    public var relativePath: String
    /// The sidecar `MANIFEST.tsv` row for this file, when its folder has one.
    public var manifest: ManifestRow?
    /// Size in bytes when the walker saw it (nil: not known; progress reports then stat the file).
    public var size: Int?
    public init(path: String, relativePath: String, manifest: ManifestRow?, size: Int? = nil) {
        self.path = path
        self.relativePath = relativePath
        self.manifest = manifest
        self.size = size
    }
}

/// One row of a `MANIFEST.tsv` sidecar, by column name.
public struct ManifestRow: Sendable, Equatable {
    public var fields: [String: String]
    public init(fields: [String: String]) { self.fields = fields }
    public subscript(_ column: String) -> String? {
        guard let v = fields[column], !v.isEmpty else { return nil }
        return v
    }
}

/// Turns files into filings and filings into indexable records.
public enum Ingest {
    /// Parses `bytes` (the whole file) into its `Filing` (metadata, documents, warnings).
    /// - Complexity: O(n).
    public static func filing(fileBytes bytes: [UInt8], relativePath: String, manifest: ManifestRow?) -> Filing {
        FilingParser.parse(bytes, path: relativePath, manifest: manifest)
    }

    /// Parses `bytes` (the whole file) and extracts the text of every non-skipped document.
    ///
    /// One `DocumentRecord` per non-skipped document, carrying the filing-level fields.
    /// `sequence` is the 1-based position in `filing.documents` (skipped documents count), per
    /// the `DocumentRecord` contract; the SGML `<SEQUENCE>` value stays on `FilingDocument.sequence`.
    /// Skipped (uuencoded/binary) documents are counted in `filing.documents` but get no record.
    /// Never throws: damaged input yields warnings on the returned filing and every readable document.
    /// - Complexity: O(n) plus the extractor's cost; one text buffer per document.
    public static func records(fileBytes bytes: [UInt8], relativePath: String, manifest: ManifestRow?) -> (filing: Filing, records: [DocumentRecord]) {
        bytes.withUnsafeBytes { buf in
            let filing = FilingParser.parse(buf, path: relativePath, manifest: manifest)
            return (filing, records(filing: filing, buffer: buf))
        }
    }

    /// The records of an already parsed `filing` whose file bytes are `buf`.
    public static func records(filing: Filing, buffer buf: UnsafeRawBufferPointer) -> [DocumentRecord] {
        let m = filing.metadata
        let fields = FilingFields(m)
        var out: [DocumentRecord] = []
        out.reserveCapacity(filing.documents.count)
        for (k, doc) in filing.documents.enumerated() where !doc.isSkipped {
            var text: [UInt8] = []
            text.reserveCapacity(doc.body.count / 2)
            TextExtractor.extract(UnsafeRawBufferPointer(rebasing: buf[doc.body]), format: doc.format, into: &text)
            out.append(DocumentRecord(accession: m.accession, sourcePath: filing.path, sequence: k + 1,
                                      documentType: doc.type, documentFileName: doc.filename, description: doc.description,
                                      formType: m.formType, filed: m.filed, period: m.period, ciks: fields.ciks,
                                      companyNames: fields.names, sics: fields.sics, states: fields.states, text: text))
        }
        return out
    }
}

/// The filing-level keyword fields every record of a filing carries.
struct FilingFields {
    var ciks: [String], names: [String], sics: [String], states: [String]

    init(_ m: FilingMetadata) {
        ciks = m.ciks
        names = m.companyNames
        var seenS = Set<String>(), seenT = Set<String>()
        sics = []
        states = []
        for e in m.entities {
            if let s = e.sic, seenS.insert(s).inserted { sics.append(s) }
            for st in [e.stateOfIncorporation, e.businessState] {
                if let st, seenT.insert(st).inserted { states.append(st) }
            }
        }
    }
}
