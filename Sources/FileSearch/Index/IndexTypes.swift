/// A tokenized text field of a document.
///
/// `body` is the extracted text; `meta` is company names, document description,
/// document type and document file name, analyzed joined with `\n`.
public enum TextField: UInt8, Sendable, CaseIterable {
    case body = 0, meta = 1
}

/// A keyword (exact-value) field users filter and facet on.
///
/// Values are normalized with `KeywordNormalizer` both when indexed and when looked up.
public enum KeywordField: UInt8, Sendable, CaseIterable {
    /// Submission form type (`10-K/A` distinct from `10-K`).
    case form
    /// 10-digit CIK (multi-valued).
    case cik
    /// Document type (`EX-10.1`).
    case documentType
    case sic
    case state
    case accession
    /// Exact company name, upper-cased, single spaces (multi-valued).
    case company
}

/// Document frequency and total term frequency of a term in one segment.
public struct TermStats: Sendable, Equatable {
    public var docFreq: Int
    public var totalTermFreq: Int
    public init(docFreq: Int, totalTermFreq: Int) { self.docFreq = docFreq; self.totalTermFreq = totalTermFreq }
}

/// Everything the index stores about one document: exactly a `DocumentRecord`
/// (its `text` is empty when read with `SegmentReader.storedFields`).
public typealias StoredDocument = DocumentRecord

extension DocumentRecord {
    /// The stored form of a record (text included): the record itself.
    public init(_ r: DocumentRecord) { self = r }

    /// The record this document was built from.
    public var record: DocumentRecord { self }
}

/// Normalization of keyword values, shared by the writer and by lookups.
public enum KeywordNormalizer {
    /// The normalized form of `value` for `field`, or nil when it is empty or invalid.
    ///
    /// form, documentType, state, company, accession: trimmed, ASCII upper-cased, internal white space
    /// runs collapsed to one space. cik: `CIK.normalize` (10 digits). sic: trimmed digits.
    public static func normalize(_ field: KeywordField, _ value: String) -> String? {
        switch field {
        case .cik: return CIK.normalize(value)
        default:
            var out: [UInt8] = []
            out.reserveCapacity(value.utf8.count)
            var pendingSpace = false
            for b in value.utf8 {
                if b == 32 || b == 9 || b == 10 || b == 13 {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(32); pendingSpace = false }
                out.append(b >= 97 && b <= 122 ? b - 32 : b)
            }
            return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
        }
    }

    /// The normalized, de-duplicated values a record has for `field` (in first-seen order).
    public static func values(_ field: KeywordField, of r: StoredDocument) -> [String] {
        let raw: [String]
        switch field {
        case .form: raw = r.formType.map { [$0] } ?? []
        case .cik: raw = r.ciks
        case .documentType: raw = r.documentType.map { [$0] } ?? []
        case .sic: raw = r.sics
        case .state: raw = r.states
        case .accession: raw = r.accession.map { [$0] } ?? []
        case .company: raw = r.companyNames
        }
        var seen = Set<String>(), out: [String] = []
        for v in raw { if let n = normalize(field, v), seen.insert(n).inserted { out.append(n) } }
        return out
    }
}

extension DocumentRecord {
    /// The text of the `meta` field: company names, description, document type, file name, joined with `\n`.
    public var metaText: [UInt8] {
        var parts: [String] = companyNames
        if let d = description { parts.append(d) }
        if let t = documentType { parts.append(t) }
        if let f = documentFileName { parts.append(f) }
        return Array(parts.joined(separator: "\n").utf8)
    }
}

/// Current on-disk format version (every index file and the commit file carry it).
public let indexFormatVersion: UInt16 = 6
