/// Build figures of one backend (what `filesearch compare` prints next to the query figures).
public struct BuildFigures: Sendable, Codable, Equatable {
    public var seconds: Double
    public var indexBytes: Int
    /// Bytes of extracted text indexed.
    public var textBytes: Int
    public var documents: Int
    /// Bytes of `indexBytes` that are stored document text (nil: not separable or compressed inside the index).
    public var storedTextBytes: Int? = nil
    public var textMegabytesPerSecond: Double { seconds > 0 ? Double(textBytes) / 1e6 / seconds : 0 }
    public init(seconds: Double, indexBytes: Int, textBytes: Int, documents: Int, storedTextBytes: Int? = nil) {
        self.storedTextBytes = storedTextBytes
        self.seconds = seconds
        self.indexBytes = indexBytes
        self.textBytes = textBytes
        self.documents = documents
    }
}

/// How one query fared on the two backends (A, B).
public struct QueryComparison: Sendable, Codable {
    public var queryClass: String
    public var query: String
    /// The parsed form, or the parse error.
    public var parsed: String
    /// Per backend: the error that stopped it (unsupported query form, …), nil when it ran.
    public var errors: [String?]
    public var totals: [Int]
    public var identical: Bool
    public var jaccard: Double
    public var top10Overlap: Double
    /// Kendall tau over the documents both top-10 lists contain; nil when fewer than 2 are shared.
    public var kendallTau: Double?
    /// Per backend: wall-clock milliseconds of each timed top-10 run.
    public var latenciesMs: [[Double]]
    /// Keys found by only one backend (first few), for diagnosis.
    public var onlyA: [String]
    public var onlyB: [String]
}

/// Aggregates over a group of queries (one class, or all).
public struct ComparisonSummary: Sendable, Codable {
    public var name: String
    public var queries: Int
    /// Queries both backends ran.
    public var compared: Int
    public var identical: Int
    public var meanJaccard: Double?
    public var meanTop10Overlap: Double?
    public var meanKendallTau: Double?
    public var p50Ms: [Double?]
    public var p99Ms: [Double?]
    /// p50 of B / p50 of A.
    public var p50Ratio: Double?

    init(name: String, _ rows: [QueryComparison], backends: Int) {
        self.name = name
        queries = rows.count
        let ran = rows.filter { $0.errors.allSatisfy { $0 == nil } }
        compared = ran.count
        identical = ran.filter(\.identical).count
        meanJaccard = CompareMetrics.mean(ran.map(\.jaccard))
        meanTop10Overlap = CompareMetrics.mean(ran.map(\.top10Overlap))
        meanKendallTau = CompareMetrics.mean(ran.compactMap(\.kendallTau))
        p50Ms = (0..<backends).map { b in CompareMetrics.percentile(ran.flatMap { $0.latenciesMs[b] }, 0.5) }
        p99Ms = (0..<backends).map { b in CompareMetrics.percentile(ran.flatMap { $0.latenciesMs[b] }, 0.99) }
        if backends == 2, let a = p50Ms[0], let b = p50Ms[1], a > 0 { p50Ratio = b / a } else { p50Ratio = nil }
    }
}

/// The result of comparing two backends on a query set.
public struct ComparisonReport: Sendable, Codable {
    public var backends: [String]
    public var builds: [BuildFigures?]
    public var repetitions: Int
    public var queries: [QueryComparison]
    /// One summary per query class, in first-appearance order.
    public var classes: [ComparisonSummary]
    public var overall: ComparisonSummary
}
