/// One input file found by `CorpusWalker`.
public struct CorpusFile: Sendable {
    /// Absolute or as-given path to read.
    public var path: String
    /// Path relative to the walked root (what records and hits show).
    public var relativePath: String
    /// The sidecar `MANIFEST.tsv` row for this file, when its folder has one.
    public var manifest: ManifestRow?
    public init(path: String, relativePath: String, manifest: ManifestRow?) {
        self.path = path
        self.relativePath = relativePath
        self.manifest = manifest
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
///
/// PLACEHOLDER CONTRACT (being replaced by the full parser): the signatures are the seam.
public enum Ingest {
    /// Parses `bytes` (the whole file) and extracts the text of every non-skipped document.
    ///
    /// Never throws: damaged input yields warnings on the returned filing and every readable document.
    public static func records(fileBytes bytes: [UInt8], relativePath: String, manifest: ManifestRow?) -> (filing: Filing, records: [DocumentRecord]) {
        let doc = FilingDocument(type: nil, sequence: 1, filename: nil, description: nil, body: 0..<bytes.count, format: .html)
        let filing = Filing(path: relativePath, metadata: FilingMetadata(), documents: [doc])
        var text: [UInt8] = []
        bytes.withUnsafeBytes { TextExtractor.extract($0, format: .html, into: &text) }
        let rec = DocumentRecord(accession: nil, sourcePath: relativePath, sequence: 1, documentType: nil,
                                 documentFileName: nil, description: nil, formType: nil, filed: nil, period: nil,
                                 ciks: [], companyNames: [], sics: [], states: [], text: text)
        return (filing, [rec])
    }
}

/// Walks files and directories for indexable input.
///
/// PLACEHOLDER CONTRACT (being replaced): the signature is the seam.
public struct CorpusWalker: Sendable {
    public var roots: [String]
    public init(roots: [String]) { self.roots = roots }
    /// Every indexable file below the roots, in a deterministic order, with its manifest row.
    public func files() throws -> [CorpusFile] { [] }
}
