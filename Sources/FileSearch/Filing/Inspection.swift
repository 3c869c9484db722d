import Foundation

/// What the engine will index from one file: metadata, documents, warnings and first tokens.
///
/// The library side of `filesearch inspect`; `Codable` for `--json`. Building one parses the
/// file, extracts every non-skipped document and tokenizes it with `Analyzer(mode: .index)`.
public struct Inspection: Codable, Sendable {
    /// One document of the file.
    public struct Document: Codable, Sendable {
        public var sequence: Int?
        public var type: String?
        public var filename: String?
        public var description: String?
        public var format: DocumentFormat
        /// Raw body bytes in the file.
        public var bytes: Int
        /// Extracted text bytes (0 when skipped).
        public var textBytes: Int
        /// Document length in primary tokens (0 when skipped).
        public var tokens: Int
        /// True for uuencoded/binary bodies (counted, never tokenized).
        public var skipped: Bool
    }

    public var path: String
    public var bytes: Int
    public var accession: String?
    public var form: String?
    public var filed: FilingDate?
    public var period: FilingDate?
    public var acceptance: String?
    /// Field name → `stated`, `manifest` or `inferred`.
    public var provenance: [String: Provenance]
    /// Whether a `MANIFEST.tsv` row was found for the file.
    public var manifestRow: Bool
    public var entities: [FilingEntity]
    public var documents: [Document]
    public var warnings: [String]
    /// The first index-mode terms (compound parts excluded), across documents in order.
    public var firstTokens: [String]

    /// Inspects the file at `path`, using the row of a `MANIFEST.tsv` next to it when there is one.
    /// - Throws: `CorpusError.unreadableFile` when the file does not exist, is a directory or cannot be read.
    public static func inspect(path: String, tokens: Int = 20) throws -> Inspection {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw CorpusError.unreadableFile(path)
        }
        var warnings: [String] = []
        let file = try CorpusWalker(roots: [path]).files(warnings: &warnings).first ?? CorpusFile(path: path, relativePath: path, manifest: nil)
        var result = inspect(bytes: try file.readBytes(), path: path, manifest: file.manifest, tokens: tokens)
        result.warnings = warnings + result.warnings
        return result
    }

    /// The files `inspect` should show for `arguments`: files as given, directories expanded
    /// with `CorpusWalker` (sorted, indexable extensions only).
    /// - Throws: `CorpusError.missingRoot` for an argument that does not exist.
    public static func expand(_ arguments: [String]) throws -> [String] {
        var out: [String] = []
        for a in arguments {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: a, isDirectory: &isDir) else { throw CorpusError.missingRoot(a) }
            out += isDir.boolValue ? try CorpusWalker(roots: [a]).files().map(\.path) : [a]
        }
        return out
    }

    /// Inspects `bytes` (a whole file named `path`).
    /// - Complexity: O(n) plus extraction and tokenization of every non-skipped document.
    public static func inspect(bytes: [UInt8], path: String, manifest: ManifestRow?, tokens limit: Int = 20) -> Inspection {
        bytes.withUnsafeBytes { buf in
            let filing = FilingParser.parse(buf, path: path, manifest: manifest)
            let analyzer = Analyzer(mode: .index)
            var docs: [Document] = []
            var first: [String] = []
            for doc in filing.documents {
                var d = Document(sequence: doc.sequence, type: doc.type, filename: doc.filename, description: doc.description,
                                 format: doc.format, bytes: doc.body.count, textBytes: 0, tokens: 0, skipped: doc.isSkipped)
                if !doc.isSkipped {
                    var text: [UInt8] = []
                    TextExtractor.extract(UnsafeRawBufferPointer(rebasing: buf[doc.body]), format: doc.format, into: &text)
                    d.textBytes = text.count
                    d.tokens = Int(text.withUnsafeBytes { raw in
                        analyzer.forEachToken(in: raw) { t in
                            if first.count < limit && !t.isPart { first.append(t.termString) }
                        }
                    })
                }
                docs.append(d)
            }
            let m = filing.metadata
            return Inspection(path: path, bytes: bytes.count, accession: m.accession, form: m.formType, filed: m.filed,
                              period: m.period, acceptance: m.acceptance, provenance: m.provenance, manifestRow: manifest != nil,
                              entities: m.entities, documents: docs, warnings: filing.warnings, firstTokens: first)
        }
    }
}
