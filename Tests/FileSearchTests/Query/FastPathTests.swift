import Testing
@testable import FileSearch

/// The specialized top-k loops (`QueryExecutor.fastPaths`) return exactly what the generic
/// `ExecNode` tree returns: the same top docs with bit-identical scores, the same exact totals,
/// and — with pruning from the first match — the same top-10 with a total that is exact when
/// claimed so and a lower bound otherwise.
@Suite(.serialized) struct FastPathTests {
    @Test func fastPathsMatchGenericTree() throws {
        // Shapes: one word (TermTopK), word minus words, AND of words (ConjTopK), OR of words
        // (OrTopK), a word AND filters (FilteredTopK); the generator's random queries besides.
        let records = SyntheticCorpus.records(count: 3_000, seed: 11)
        let reader = try QueryTestSupport.build(records, tag: "fast", segmentBytes: 1 << 20)
        #expect(reader.segments.count > 1)
        var gen = QueryGenerator(oracle: BruteForceOracle(records), seed: 4242)
        var queries: [QueryNode] = (0..<200).map { _ in gen.query() }
        // The shapes the fast paths take, with common words (long postings) and stem/prefix groups.
        func t(_ s: String) -> QueryNode { .term(s, prefix: false, exact: false) }
        let common = gen.common.prefix(6) + gen.mid.prefix(6)
        for w in common {
            queries.append(t(w))
            queries.append(.term(String(w.prefix(3)), prefix: true, exact: false))
            for v in common.prefix(4) where v != w {
                queries.append(.and([t(w), .not(t(v))]))
                queries.append(.and([t(w), t(v)]))
                queries.append(.or([t(w), t(v), t(common.last!)]))
            }
            queries.append(.and([t(w), .not(.phrase(Array(common.prefix(2)), slop: 0, exact: false))]))
            // FilteredTopK: a word AND one or two field filters (keyword lists, date ranges, predicates).
            for _ in 0..<4 { queries.append(.and([t(w), gen.filter()])) }
            queries.append(.and([t(w), gen.filter(), gen.filter()]))
            queries.append(.and([.term(String(w.prefix(3)), prefix: true, exact: false), gen.filter()]))
        }
        #expect(queries.count > 370)
        // The filtered shape really takes its fast path on some segment (small filter lists).
        let filtered = queries.filter { q in
            let plan = QueryPlan(reader: reader, query: q, params: BM25Parameters())
            return reader.segments.indices.contains { s in
                let ctx = SegmentContext(segment: reader.segments[s], index: s, plan: plan, prune: PruneState())
                return FilteredTopK(ExecTreeBuilder(ctx: ctx).build(q)) != nil
            }
        }
        #expect(filtered.count >= 20, "only \(filtered.count) queries take FilteredTopK")
        var checked = 0
        for q in queries {
            for threshold in [Int.max, 0, 50] {
                for limit in [1, 10, 40] {
                    var fast = QueryExecutor(reader: reader, countThreshold: threshold)
                    var slow = fast
                    fast.fastPaths = true
                    slow.fastPaths = false
                    let request = SearchRequest(query: q, limit: limit)
                    let a = fast.rank(request), b = slow.rank(request)
                    #expect(a.docs.map(\.doc) == b.docs.map(\.doc), "\(q) limit \(limit) threshold \(threshold): top docs differ")
                    #expect(a.docs.map(\.score) == b.docs.map(\.score), "\(q) limit \(limit) threshold \(threshold): scores differ")
                    if threshold == .max {
                        #expect(a.total == b.total && a.totalIsExact && b.totalIsExact, "\(q): total \(a.total) vs \(b.total)")
                        continue
                    }
                    // Both are exact-or-lower-bound views of the exact total.
                    let exact = slow.rank(SearchRequest(query: q, limit: limit, sort: .date)).total
                    #expect(a.total <= exact && (!a.totalIsExact || a.total == exact), "\(q): fast total \(a.total) exact \(exact)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1_000)
    }
}
