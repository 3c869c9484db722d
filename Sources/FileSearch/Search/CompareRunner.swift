/// Runs a query set on two `SearchBackend`s and measures agreement and latency.
///
/// Per query: the full hit sets (one untimed run with a large limit) → identical / Jaccard; the top-10
/// lists → overlap and Kendall tau; then `repetitions` timed top-10 runs per backend (after one warm-up,
/// alternating A and B so both see the same machine state). A backend that throws (e.g.
/// `SearchError.unsupported`) is reported for that query and the query is left out of the aggregates.
public struct CompareRunner: Sendable {
    public var parse: @Sendable (String) throws -> QueryNode
    public var repetitions: Int
    /// Limit of the untimed hit-set run.
    public var hitSetLimit: Int

    public init(repetitions: Int = 5, hitSetLimit: Int = 10_000_000, parse: @escaping @Sendable (String) throws -> QueryNode) {
        self.parse = parse
        self.repetitions = repetitions
        self.hitSetLimit = hitSetLimit
    }

    /// Compares backends `a` and `b` (named) on `queries`.
    /// - Complexity: O(queries × (hit-set size + repetitions × query time)).
    public func run(_ queries: [ComparisonQuery], a: (name: String, backend: any SearchBackend, build: BuildFigures?),
                    b: (name: String, backend: any SearchBackend, build: BuildFigures?)) -> ComparisonReport {
        let backends = [a.backend, b.backend]
        var rows: [QueryComparison] = []
        for q in queries {
            var row = QueryComparison(queryClass: q.queryClass, query: q.query, parsed: "", errors: [nil, nil], totals: [0, 0],
                                      identical: false, jaccard: 0, top10Overlap: 0, kendallTau: nil, latenciesMs: [[], []],
                                      onlyA: [], onlyB: [])
            let node: QueryNode
            do { node = try parse(q.query) } catch {
                row.parsed = "parse error: \(error)"
                row.errors = ["\(error)", "\(error)"]
                rows.append(row)
                continue
            }
            row.parsed = node.description
            var sets: [Set<String>] = [[], []]
            var tops: [[String]] = [[], []]
            for (i, backend) in backends.enumerated() {
                do {
                    let full = try backend.search(SearchRequest(query: node, limit: hitSetLimit))
                    sets[i] = Set(full.hits.map(\.key))
                    row.totals[i] = full.total
                    tops[i] = try backend.search(SearchRequest(query: node, limit: 10)).hits.map(\.key)
                } catch { row.errors[i] = "\(error)" }
            }
            if row.errors.allSatisfy({ $0 == nil }) {
                row.identical = sets[0] == sets[1]
                row.jaccard = CompareMetrics.jaccard(sets[0], sets[1])
                row.top10Overlap = CompareMetrics.overlap(tops[0], tops[1])
                row.kendallTau = CompareMetrics.kendallTau(tops[0], tops[1])
                row.onlyA = Array(sets[0].subtracting(sets[1]).sorted().prefix(5))
                row.onlyB = Array(sets[1].subtracting(sets[0]).sorted().prefix(5))
                let clock = ContinuousClock()
                let request = SearchRequest(query: node, limit: 10)
                for _ in 0..<max(1, repetitions) {
                    for (i, backend) in backends.enumerated() {
                        let start = clock.now
                        _ = try? backend.search(request)
                        let d = clock.now - start
                        row.latenciesMs[i].append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15)
                    }
                }
            }
            rows.append(row)
        }
        var order: [String] = []
        for r in rows where !order.contains(r.queryClass) { order.append(r.queryClass) }
        let classes = order.map { c in ComparisonSummary(name: c, rows.filter { $0.queryClass == c }, backends: 2) }
        return ComparisonReport(backends: [a.name, b.name], builds: [a.build, b.build], repetitions: repetitions, queries: rows,
                                classes: classes, overall: ComparisonSummary(name: "all", rows, backends: 2))
    }
}
