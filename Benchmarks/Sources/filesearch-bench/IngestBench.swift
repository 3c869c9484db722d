// FALLBACK ONLY on branch `bench`, replaced by the text helper's IngestBench.swift (owner: text).
// When merging `text`, take THEIR version of this file.
/// Placeholder for the text helper's ingestion benchmark.
///
/// - Throws: always, saying the real benchmark is not merged yet.
func runIngestBenchmark(arguments: [String]) throws {
    throw BenchError("ingest benchmark not merged yet (Benchmarks/Sources/filesearch-bench/IngestBench.swift is written by the text helper)")
}
