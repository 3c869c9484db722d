import FileSearch
import Foundation

/// The JSON of `filesearch query --json` (one object) and `--batch` (one object per line).
///
/// Schema (keys sorted; absent optionals are `null`):
/// ```
/// { "query": String (as typed), "parsed": String (the query as parsed, QueryNode.description),
///   "total": Int, "total_is_exact": Bool, "took_ms": Double,
///   "hits": [ { "rank": Int (1-based, after --offset), "doc_id": Int, "score": Double,
///               "accession": String?, "form": String?, "filed": "YYYY-MM-DD"?, "period": "YYYY-MM-DD"?,
///               "company_names": [String], "ciks": [String (10 digits)], "document_type": String?,
///               "document_file_name": String?, "description": String?, "source_path": String,
///               "sequence": Int, "key": String (accession:filename or path#sequence),
///               "snippets": [ { "text": String, "highlights": [[start, end]] (UTF-8 byte offsets in text) } ],
///               "explanation": [ { "description": String, "value": Double } ] (sum = score; empty without --explain) } ],
///   "facets": { "form": [{"value","count"}], "year": [...], "company": [...] } (only with --facets) }
/// ```
/// A malformed `--batch` line: `{ "query": String, "error": String, "column": Int }`.
enum QueryJSON {
    struct Response: Encodable {
        var query: String
        var parsed: String
        var total: Int
        var totalIsExact: Bool
        var tookMs: Double
        var hits: [Hit]
        var facets: FacetsJSON?

        init(query: String, parsed: QueryNode, response: SearchResponse, tookMs: Double, offset: Int) {
            self.query = query
            self.parsed = parsed.description
            total = response.total
            totalIsExact = response.totalIsExact
            self.tookMs = (tookMs * 1000).rounded() / 1000
            hits = response.hits.enumerated().map { Hit($0.element, rank: offset + $0.offset + 1) }
            facets = response.facets.map(FacetsJSON.init)
        }
        enum CodingKeys: String, CodingKey {
            case query, parsed, total, totalIsExact = "total_is_exact", tookMs = "took_ms", hits, facets
        }
    }

    struct Hit: Encodable {
        var rank: Int
        var docID: UInt64
        var score: Double
        var accession: String?
        var form: String?
        var filed: String?
        var period: String?
        var companyNames: [String]
        var ciks: [String]
        var documentType: String?
        var documentFileName: String?
        var description: String?
        var sourcePath: String
        var sequence: Int
        var key: String
        var snippets: [SnippetJSON]
        var explanation: [ScoreComponent]

        init(_ h: SearchHit, rank: Int) {
            self.rank = rank
            docID = h.docID
            score = h.score
            accession = h.accession
            form = h.formType
            filed = h.filed?.iso
            period = h.period?.iso
            companyNames = h.companyNames
            ciks = h.ciks
            documentType = h.documentType
            documentFileName = h.documentFileName
            description = h.description
            sourcePath = h.sourcePath
            sequence = h.sequence
            key = h.key
            snippets = h.snippets.map { SnippetJSON(text: $0.text, highlights: $0.highlights.map { [$0.lowerBound, $0.upperBound] }) }
            explanation = h.explanation
        }
        enum CodingKeys: String, CodingKey {
            case rank, docID = "doc_id", score, accession, form, filed, period, companyNames = "company_names", ciks
            case documentType = "document_type", documentFileName = "document_file_name", description
            case sourcePath = "source_path", sequence, key, snippets, explanation
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rank, forKey: .rank)
            try c.encode(docID, forKey: .docID)
            try c.encode(score, forKey: .score)
            try c.encode(accession, forKey: .accession)
            try c.encode(form, forKey: .form)
            try c.encode(filed, forKey: .filed)
            try c.encode(period, forKey: .period)
            try c.encode(companyNames, forKey: .companyNames)
            try c.encode(ciks, forKey: .ciks)
            try c.encode(documentType, forKey: .documentType)
            try c.encode(documentFileName, forKey: .documentFileName)
            try c.encode(description, forKey: .description)
            try c.encode(sourcePath, forKey: .sourcePath)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(key, forKey: .key)
            try c.encode(snippets, forKey: .snippets)
            try c.encode(explanation, forKey: .explanation)
        }
    }

    struct SnippetJSON: Encodable { var text: String; var highlights: [[Int]] }
    struct Count: Encodable { var value: String; var count: Int }
    struct FacetsJSON: Encodable {
        var form: [Count]
        var year: [Count]
        var company: [Count]
        init(_ f: Facets) {
            form = f.formType.map { Count(value: $0.0, count: $0.1) }
            year = f.yearFiled.map { Count(value: $0.0, count: $0.1) }
            company = f.company.map { Count(value: $0.0, count: $0.1) }
        }
    }
    struct BatchError: Encodable { var query: String; var error: String; var column: Int }

    static func encode<T: Encodable>(_ v: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let d = try? e.encode(v) else { return "{\"error\":\"encoding failed\"}" }
        return String(decoding: d, as: UTF8.self)
    }
}
