/// The parsed form of one input file: its metadata and its documents.
///
/// A `Filing` is what every later stage reads: the extractor turns each non-skipped
/// document's body into text, the index stores one record per document.
public struct Filing: Sendable {
    /// Path of the source file as given to the parser (relative to the walked root when walked).
    public var path: String
    /// Header metadata (or, for standalone files, what the file or its manifest row states).
    public var metadata: FilingMetadata
    /// The documents, in file order. A standalone file has exactly one.
    public var documents: [FilingDocument]
    /// Problems found while parsing; the filing is still usable.
    public var warnings: [String]

    public init(path: String, metadata: FilingMetadata, documents: [FilingDocument], warnings: [String] = []) {
        self.path = path
        self.metadata = metadata
        self.documents = documents
        self.warnings = warnings
    }
}

/// Where a metadata field's value came from.
public enum Provenance: String, Sendable, Codable {
    /// Read from the file's own header or content (SGML header, `.nc` tags, iXBRL `dei:` fact, ownership XML).
    case stated
    /// Taken from a sidecar `MANIFEST.tsv` row.
    case manifest
    /// Derived from weaker evidence in the file (e.g. an `ACCESSION NUMBER:` line in body text).
    case inferred
}

/// The role an entity plays in a filing.
public enum EntityRole: String, Sendable, Codable, CaseIterable {
    case filer
    case subjectCompany = "subject-company"
    case reportingOwner = "reporting-owner"
    case filedBy = "filed-by"
    case issuer
}

/// A name an entity used before, with the day it changed.
public struct FormerName: Sendable, Equatable, Codable {
    public var name: String
    public var changed: FilingDate?
    public init(name: String, changed: FilingDate?) { self.name = name; self.changed = changed }
}

/// One company or person named by a filing.
public struct FilingEntity: Sendable, Equatable, Codable {
    public var role: EntityRole
    /// Central Index Key, normalized to 10 digits (see `CIK.normalize`).
    public var cik: String?
    public var name: String?
    /// Standard Industrial Classification code (digits only, e.g. `3679`).
    public var sic: String?
    /// SIC description as stated (e.g. `ELECTRONIC COMPONENTS, NEC`).
    public var sicDescription: String?
    public var stateOfIncorporation: String?
    public var businessState: String?
    /// `MMDD`.
    public var fiscalYearEnd: String?
    public var formerNames: [FormerName]
    /// The header block the entity came from (`FILER`, `SUBJECT-COMPANY`, `ISSUING_ENTITY` …); nil when not from a header.
    public var block: String?

    public init(role: EntityRole, cik: String? = nil, name: String? = nil, sic: String? = nil,
                sicDescription: String? = nil, stateOfIncorporation: String? = nil,
                businessState: String? = nil, fiscalYearEnd: String? = nil, formerNames: [FormerName] = [],
                block: String? = nil) {
        self.role = role
        self.cik = cik
        self.name = name
        self.sic = sic
        self.sicDescription = sicDescription
        self.stateOfIncorporation = stateOfIncorporation
        self.businessState = businessState
        self.fiscalYearEnd = fiscalYearEnd
        self.formerNames = formerNames
        self.block = block
    }
}

/// Filing-level metadata users filter on.
public struct FilingMetadata: Sendable, Equatable {
    /// `0000000000-YY-NNNNNN`.
    public var accession: String?
    /// Submission type as stated, e.g. `10-K`, `10-K/A`, `4`, `SC 13D`, `NT 10-Q`.
    public var formType: String?
    public var filed: FilingDate?
    public var period: FilingDate?
    /// `YYYYMMDDhhmmss` as stated in `<ACCEPTANCE-DATETIME>`.
    public var acceptance: String?
    /// Entities in manifest order: issuer/subject company first, then filers, filed-by,
    /// reporting owners (statement order within a role; see `EntityOrder`).
    public var entities: [FilingEntity]
    /// Provenance of each set field, keyed by field name
    /// (`accession`, `form`, `filed`, `period`, `acceptance`, `entities`).
    public var provenance: [String: Provenance]

    public init(accession: String? = nil, formType: String? = nil, filed: FilingDate? = nil,
                period: FilingDate? = nil, acceptance: String? = nil,
                entities: [FilingEntity] = [], provenance: [String: Provenance] = [:]) {
        self.accession = accession
        self.formType = formType
        self.filed = filed
        self.period = period
        self.acceptance = acceptance
        self.entities = entities
        self.provenance = provenance
    }

    /// Every distinct CIK, in statement order.
    public var ciks: [String] {
        var seen = Set<String>(), out: [String] = []
        for e in entities { if let c = e.cik, seen.insert(c).inserted { out.append(c) } }
        return out
    }

    /// Every distinct entity name, in statement order.
    public var companyNames: [String] {
        var seen = Set<String>(), out: [String] = []
        for e in entities { if let n = e.name, seen.insert(n).inserted { out.append(n) } }
        return out
    }
}

/// What a document body holds, which decides how text is extracted from it.
public enum DocumentFormat: String, Sendable, Codable {
    case html, xml, text
    /// `begin 644 name` uuencoded payload: skipped.
    case uuencoded
    /// PDF, ZIP, XLSX, images and other non-text payloads: skipped.
    case binary
}

/// One `<DOCUMENT>` of a submission (or the whole of a standalone file).
public struct FilingDocument: Sendable, Equatable {
    /// `<TYPE>`, e.g. `10-K`, `EX-10.1`, `GRAPHIC`.
    public var type: String?
    public var sequence: Int?
    public var filename: String?
    public var description: String?
    /// Byte range of the body (inside `<TEXT>…</TEXT>` when present) in the source file.
    public var body: Range<Int>
    public var format: DocumentFormat
    /// True for uuencoded and binary bodies, which are counted but never tokenized.
    public var isSkipped: Bool { format == .uuencoded || format == .binary }

    public init(type: String?, sequence: Int?, filename: String?, description: String?,
                body: Range<Int>, format: DocumentFormat) {
        self.type = type
        self.sequence = sequence
        self.filename = filename
        self.description = description
        self.body = body
        self.format = format
    }
}

/// Central Index Key helpers.
public enum CIK {
    /// Normalizes a CIK to 10 digits with leading zeros; nil when it is not 1–10 digits.
    public static func normalize<S: StringProtocol>(_ raw: S) -> String? {
        let t = raw.trimmingASCIIWhitespace()
        guard !t.isEmpty, t.count <= 10, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return String(repeating: "0", count: 10 - t.count) + t
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    public func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var lo = 0, hi = u.count
        func ws(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        while lo < hi, ws(u[lo]) { lo += 1 }
        while hi > lo, ws(u[hi - 1]) { hi -= 1 }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
