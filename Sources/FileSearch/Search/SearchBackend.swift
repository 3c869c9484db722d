/// The seam between the CLI (and tests, and benchmarks) and a search engine.
///
/// Two implementations exist: the native index (`NativeBackend`) and SQLite FTS5
/// (`FTS5Backend` in the FileSearchFTS5 module). Both index the same `DocumentRecord`s
/// and execute the same `QueryNode`s, so their answers can be compared hit for hit.
public protocol SearchBackend: Sendable {
    /// Runs one query. Throws `SearchError` for a query the backend cannot execute.
    func search(_ request: SearchRequest) throws -> SearchResponse
    /// Index statistics.
    func stats() throws -> IndexStats
}

/// How hits are ordered.
public enum SortOrder: String, Sendable, CaseIterable {
    /// By score, ties by filed date (newest first), then doc id.
    case relevance
    /// By filed date, newest first, then doc id.
    case date
}

/// One query execution request.
public struct SearchRequest: Sendable {
    public var query: QueryNode
    public var limit: Int
    public var offset: Int
    public var sort: SortOrder
    /// Attach a score breakdown to every hit.
    public var explain: Bool
    /// Attach up to this many highlighted fragments to every hit (0: none).
    public var snippets: Int
    /// Compute facet counts over all matching documents.
    public var facets: Bool
    /// Collapse hits to one per accession.
    public var groupByFiling: Bool

    public init(query: QueryNode, limit: Int = 10, offset: Int = 0, sort: SortOrder = .relevance,
                explain: Bool = false, snippets: Int = 0, facets: Bool = false, groupByFiling: Bool = false) {
        self.query = query
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.explain = explain
        self.snippets = snippets
        self.facets = facets
        self.groupByFiling = groupByFiling
    }
}

/// A highlighted text fragment: `text` with the byte ranges of matched terms.
public struct Snippet: Sendable, Equatable, Codable {
    public var text: String
    /// UTF-8 byte ranges in `text` to highlight.
    public var highlights: [Range<Int>]
    public init(text: String, highlights: [Range<Int>]) { self.text = text; self.highlights = highlights }
}

/// One part of a hit's score, for `--explain`.
public struct ScoreComponent: Sendable, Equatable, Codable {
    public var description: String
    public var value: Double
    public init(description: String, value: Double) { self.description = description; self.value = value }
}

/// One matching document.
public struct SearchHit: Sendable {
    /// Backend-internal id (stable for one index generation).
    public var docID: UInt64
    public var score: Double
    public var accession: String?
    public var formType: String?
    public var filed: FilingDate?
    public var period: FilingDate?
    public var companyNames: [String]
    public var ciks: [String]
    public var documentType: String?
    public var documentFileName: String?
    public var description: String?
    public var sourcePath: String
    public var sequence: Int
    public var snippets: [Snippet]
    public var explanation: [ScoreComponent]

    public init(docID: UInt64, score: Double, accession: String?, formType: String?, filed: FilingDate?,
                period: FilingDate?, companyNames: [String], ciks: [String], documentType: String?,
                documentFileName: String?, description: String?, sourcePath: String, sequence: Int,
                snippets: [Snippet] = [], explanation: [ScoreComponent] = []) {
        self.docID = docID
        self.score = score
        self.accession = accession
        self.formType = formType
        self.filed = filed
        self.period = period
        self.companyNames = companyNames
        self.ciks = ciks
        self.documentType = documentType
        self.documentFileName = documentFileName
        self.description = description
        self.sourcePath = sourcePath
        self.sequence = sequence
        self.snippets = snippets
        self.explanation = explanation
    }

    /// `accession:filename`, or `path#sequence`.
    public var key: String {
        if let a = accession, let f = documentFileName { return "\(a):\(f)" }
        return "\(sourcePath)#\(sequence)"
    }
}

/// Facet counts over all matching documents.
public struct Facets: Sendable, Equatable {
    public var formType: [(String, Int)]
    public var yearFiled: [(String, Int)]
    public var company: [(String, Int)]
    public init(formType: [(String, Int)] = [], yearFiled: [(String, Int)] = [], company: [(String, Int)] = []) {
        self.formType = formType
        self.yearFiled = yearFiled
        self.company = company
    }
    public static func == (a: Facets, b: Facets) -> Bool {
        a.formType.elementsEqual(b.formType, by: ==) && a.yearFiled.elementsEqual(b.yearFiled, by: ==)
            && a.company.elementsEqual(b.company, by: ==)
    }
}

/// The answer to one `SearchRequest`.
public struct SearchResponse: Sendable {
    /// Number of matching documents (or filings, when grouped).
    public var total: Int
    /// False when `total` is a lower bound (the backend stopped counting).
    public var totalIsExact: Bool
    public var hits: [SearchHit]
    public var facets: Facets?
    public init(total: Int, totalIsExact: Bool, hits: [SearchHit], facets: Facets? = nil) {
        self.total = total
        self.totalIsExact = totalIsExact
        self.hits = hits
        self.facets = facets
    }
}

/// Size and content figures of an index.
public struct IndexStats: Sendable, Codable {
    public var backend: String
    public var formatVersion: Int
    public var documents: Int
    public var filings: Int
    public var terms: Int
    public var postings: Int
    public var positions: Int
    public var segments: Int
    /// Bytes per component (file or table), e.g. `postings`, `positions`, `terms`, `store`.
    public var bytesByComponent: [String: Int]
    public var totalBytes: Int { bytesByComponent.values.reduce(0, +) }

    public init(backend: String, formatVersion: Int, documents: Int, filings: Int, terms: Int,
                postings: Int, positions: Int, segments: Int, bytesByComponent: [String: Int]) {
        self.backend = backend
        self.formatVersion = formatVersion
        self.documents = documents
        self.filings = filings
        self.terms = terms
        self.postings = postings
        self.positions = positions
        self.segments = segments
        self.bytesByComponent = bytesByComponent
    }
}

/// Errors a backend reports to the user.
public enum SearchError: Error, Equatable, CustomStringConvertible {
    /// The query uses a construct this backend cannot execute faithfully.
    case unsupported(String)
    /// The index is missing, damaged or of another format; the message names the file.
    case index(String)

    public var description: String {
        switch self {
        case let .unsupported(m): return "unsupported query: \(m)"
        case let .index(m): return m
        }
    }
}
