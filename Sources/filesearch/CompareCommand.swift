import ArgumentParser
import FileSearch
import FileSearchFTS5
import Foundation

/// `filesearch compare`: the native index against SQLite FTS5 on the same corpus and query set.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the native index with SQLite FTS5: hit agreement, ranking, latency, build time, size.",
        discussion: """
        Builds both backends over --corpus in --work (reused when present unless --rebuild), runs every query \
        of --queries (TSV: class<TAB>query) on both, and prints per class and overall: hit-set agreement \
        (identical count, mean Jaccard), top-10 overlap and Kendall tau, latency p50/p99 per backend and the \
        FTS5/native ratio, build time, MB of text per second and index size.
        """)

    @Option(help: "Query set TSV (default: Benchmarks/queries.tsv).") var queries = "Benchmarks/queries.tsv"
    @Option(help: "Corpus file or directory (repeatable; default: Corpus).") var corpus: [String] = []
    @Option(help: "Directory for both indexes (default: .filesearch/compare).") var work = ".filesearch/compare"
    @Flag(help: "Rebuild both indexes even when present.") var rebuild = false
    @Option(help: "Timed runs per query and backend.") var repetitions = 5
    @Flag(help: "Print the full report as JSON.") var json = false
    @Option(help: "Only (re)build this backend's index in --work and print its build figures (no queries).")
    var only: BackendKind?
    @Option(help: "Only show how FTS5 runs this query: MATCH expression, SQL conditions, SQLite query plan.")
    var plan: String?

    func run() throws {
        guard let text = try? String(contentsOfFile: queries, encoding: .utf8) else {
            throw ValidationError("cannot read the query set \(queries) (pass --queries FILE)")
        }
        let set = try ComparisonQuery.parseTSV(text)
        let roots = corpus.isEmpty ? ["Corpus"] : corpus
        if let only {
            let side = try FTS5Comparison.build(only == .fts5 ? .fts5 : .native, corpus: roots, work: work)
            print(CompareTable.buildLine(side.name, side.build))
            if let d = side.detail { print(d) }
            return
        }
        let (native, fts5) = try FTS5Comparison.prepare(corpus: roots, work: work, rebuild: rebuild)
        if let plan, let backend = fts5.backend as? FTS5Backend {
            let node = try QueryParser().parse(plan)
            let t = try backend.translate(node)
            print("parsed:     \(node)\nMATCH:      \(t.match ?? "(none)")\nconditions: \(t.conditions.isEmpty ? "(none)" : t.conditions)")
            for line in try backend.queryPlan(SearchRequest(query: node)) { print("plan:       \(line)") }
            return
        }
        let runner = CompareRunner(repetitions: repetitions) { try QueryParser().parse($0) }
        let report = runner.run(set, a: (native.name, native.backend, native.build), b: (fts5.name, fts5.backend, fts5.build))
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        } else {
            print(CompareTable.render(report))
            if let d = fts5.detail { print(d) }
        }
    }
}
