// In-process benchmark driver (see Benchmarks/README.md).
//
//   filesearch-bench ingest <paths...> [options]      parse + extract + tokenize throughput (IngestBench.swift)
//   filesearch-bench export <paths...> --out F.jsonl  one JSON line per DocumentRecord (what tantivy indexes)
//
// Plain argument parsing on purpose: this target does not depend on swift-argument-parser.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints `message` to standard error.
func printError(_ message: String) {
    var line = message
    line.append("\n")
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }  // fd 2: no shared FILE* (strict concurrency)
}

let usage = """
usage: filesearch-bench ingest <paths...> [options]       ingestion throughput (parse, extract, tokenize)
       filesearch-bench export <paths...> --out FILE.jsonl [--threads N]
                                                          JSON Lines of every DocumentRecord (key, form, filed,
                                                          ciks, company, doc_type, body, meta) for tantivy
       filesearch-bench fts5-index <paths...> --index DIR   SQLite FTS5 build (DIR.fts5.sqlite), in-process
       filesearch-bench fts5-query --index DIR --batch FILE JSON Lines {query,total,took_ms,hits}
"""

let argv = Array(CommandLine.arguments.dropFirst())
guard let sub = argv.first else {
    printError(usage)
    exit(2)
}
let rest = Array(argv.dropFirst())
do {
    switch sub {
    case "ingest":
        try runIngestBenchmark(arguments: rest)
    case "export":
        try ExportCommand(arguments: rest).run()
    case "fts5-index":
        try FTS5Fallback.index(arguments: rest)
    case "fts5-query":
        try FTS5Fallback.query(arguments: rest)
    case "-h", "--help", "help":
        print(usage)
    default:
        printError("filesearch-bench: unknown subcommand '\(sub)'\n\(usage)")
        exit(2)
    }
} catch {
    printError("filesearch-bench \(sub): \(error)")
    exit(1)
}
