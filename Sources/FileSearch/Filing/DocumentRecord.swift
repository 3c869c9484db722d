/// One indexable document: a filing document's fields plus its extracted text.
///
/// This is the unit both backends index and return (EDGAR FTS's `accession:filename`).
/// The native index and the FTS5 backend are built from the same records, so any
/// difference in their answers is a bug, not a difference in input.
public struct DocumentRecord: Sendable, Equatable {
    /// Accession number, or nil when the file does not state one.
    public var accession: String?
    /// Path of the source file, relative to the walked root.
    public var sourcePath: String
    /// 1-based index of this document inside its source file.
    public var sequence: Int
    /// Document type (`<TYPE>`): `10-K`, `EX-10.1` …
    public var documentType: String?
    /// `<FILENAME>` of the document inside the submission.
    public var documentFileName: String?
    /// `<DESCRIPTION>`.
    public var description: String?
    /// Submission form type (filing level).
    public var formType: String?
    public var filed: FilingDate?
    public var period: FilingDate?
    /// 10-digit CIKs of every entity.
    public var ciks: [String]
    /// Every entity name.
    public var companyNames: [String]
    /// SIC codes of the entities that state one.
    public var sics: [String]
    /// States (incorporation and business) of the entities.
    public var states: [String]
    /// Extracted text: UTF-8, markup removed, whitespace collapsed, `\n` at block boundaries.
    public var text: [UInt8]

    public init(accession: String?, sourcePath: String, sequence: Int, documentType: String?,
                documentFileName: String?, description: String?, formType: String?,
                filed: FilingDate?, period: FilingDate?, ciks: [String], companyNames: [String],
                sics: [String], states: [String], text: [UInt8]) {
        self.accession = accession
        self.sourcePath = sourcePath
        self.sequence = sequence
        self.documentType = documentType
        self.documentFileName = documentFileName
        self.description = description
        self.formType = formType
        self.filed = filed
        self.period = period
        self.ciks = ciks
        self.companyNames = companyNames
        self.sics = sics
        self.states = states
        self.text = text
    }

    /// A stable key: `accession:filename`, or `path#sequence` when either is unknown.
    public var key: String {
        if let a = accession, let f = documentFileName { return "\(a):\(f)" }
        return "\(sourcePath)#\(sequence)"
    }
}
