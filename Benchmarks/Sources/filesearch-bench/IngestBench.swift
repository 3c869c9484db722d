import FileSearch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `filesearch-bench ingest <paths...> [--repeat N]`: single-thread ingestion throughput.
///
/// Reads every file `CorpusWalker` finds under `paths` into memory first (not timed), then times,
/// on one thread, best of N runs:
///   full     parse (`Ingest.filing`) + extraction of every document + tokenization (index mode)
///   extract  `TextExtractor.extract` of every non-skipped document body
///   tokenize `Analyzer(.index).forEachToken` over the extracted texts
///   stem     `Stemmer.stem` of every distinct term (once)
/// and prints MB/s of raw file bytes per thread CPU second (MB = 10^6 bytes), documents, extracted bytes and tokens.
///
/// - Throws: `BenchError` for bad arguments or unreadable files.
func runIngestBenchmark(arguments: [String]) throws {
    var paths: [String] = []
    var repeats = 3
    var k = 0
    while k < arguments.count {
        let a = arguments[k]
        if a == "--repeat", k + 1 < arguments.count, let r = Int(arguments[k + 1]), r > 0 { repeats = r; k += 2; continue }
        if a.hasPrefix("-") { throw BenchError("ingest: unknown option \(a) (usage: ingest <paths...> [--repeat N])") }
        paths.append(a)
        k += 1
    }
    guard !paths.isEmpty else { throw BenchError("ingest: no paths (usage: ingest <paths...> [--repeat N])") }

    var walkWarnings: [String] = []
    let files = try CorpusWalker(roots: paths).files(warnings: &walkWarnings)
    for w in walkWarnings { printError("warning: \(w)") }
    guard !files.isEmpty else { throw BenchError("ingest: no indexable files under \(paths)") }
    let inputs = try files.map { (file: $0, bytes: try readFileBytes($0.path)) }
    let rawBytes = inputs.reduce(0) { $0 + $1.bytes.count }

    // Parse once (untimed) to get document bodies for the phase breakdown.
    let filings = inputs.map { Ingest.filing(fileBytes: $0.bytes, relativePath: $0.file.relativePath, manifest: $0.file.manifest) }
    let analyzer = Analyzer(mode: .index)

    // CPU time of this thread: the machine is shared, so wall time would count time spent descheduled.
    var wallFull = Double.infinity
    func seconds(_ body: () -> Void) -> Double {
        var t0 = timespec(), t1 = timespec(), w0 = timespec(), w1 = timespec()
        clock_gettime(CLOCK_MONOTONIC, &w0)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1)
        clock_gettime(CLOCK_MONOTONIC, &w1)
        lastWall = Double(w1.tv_sec - w0.tv_sec) + Double(w1.tv_nsec - w0.tv_nsec) / 1e9
        return Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9
    }
    var lastWall = 0.0

    var full = Double.infinity, extract = Double.infinity, tokenize = Double.infinity
    var documents = 0, textBytes = 0, tokens = 0, primaries = 0
    var texts: [[UInt8]] = []
    for _ in 0..<repeats {
        var docs = 0, tb = 0, toks = 0, prim = 0
        full = min(full, seconds {
            for input in inputs {
                let (_, records) = Ingest.records(fileBytes: input.bytes, relativePath: input.file.relativePath, manifest: input.file.manifest)
                for r in records {
                    docs += 1
                    tb += r.text.count
                    r.text.withUnsafeBytes { raw in
                        prim += Int(analyzer.forEachToken(in: raw) { _ in toks += 1 })
                    }
                }
            }
        })
        wallFull = min(wallFull, lastWall)
        documents = docs; textBytes = tb; tokens = toks; primaries = prim

        var out: [[UInt8]] = []
        extract = min(extract, seconds {
            for (input, filing) in zip(inputs, filings) {
                input.bytes.withUnsafeBytes { buf in
                    for doc in filing.documents where !doc.isSkipped {
                        var text: [UInt8] = []
                        TextExtractor.extract(UnsafeRawBufferPointer(rebasing: buf[doc.body]), format: doc.format, into: &text)
                        out.append(text)
                    }
                }
            }
        })
        texts = out

        var count = 0
        tokenize = min(tokenize, seconds {
            for t in texts { _ = t.withUnsafeBytes { raw in analyzer.forEachToken(in: raw) { tok in count &+= tok.term.count } } } // &+: a checksum, cannot overflow in practice
        })
        if count == 0 && textBytes > 0 { printError("warning: no tokens") }
    }

    // Stemming every distinct term once (what a segment writer does for its stem→terms map).
    var vocabulary = Set<[UInt8]>()
    for t in texts { _ = t.withUnsafeBytes { raw in analyzer.forEachToken(in: raw) { tok in vocabulary.insert(Array(tok.term)) } } }
    let terms = Array(vocabulary)
    var stemBytes = 0
    let stem = seconds { for t in terms { stemBytes &+= Stemmer.stem(t).count } } // &+: a byte count

    func mbps(_ s: Double) -> String { fmt(Double(rawBytes) / 1e6 / s, 1) }
    print("ingest benchmark: \(inputs.count) files, \(fmt(Double(rawBytes) / 1e6, 1)) MB raw, \(documents) documents, "
          + "\(fmt(Double(textBytes) / 1e6, 1)) MB text, \(primaries) tokens (+\(tokens - primaries) stacked parts), 1 thread, best of \(repeats)")
    print("  full (parse+extract+tokenize): \(fmt(full, 3)) s  \(mbps(full)) MB/s raw   (wall: \(fmt(wallFull, 3)) s, \(mbps(wallFull)) MB/s)")
    print("  extract only:                  \(fmt(extract, 3)) s  \(mbps(extract)) MB/s raw")
    print("  tokenize only:                 \(fmt(tokenize, 3)) s  \(fmt(Double(textBytes) / 1e6 / tokenize, 1)) MB/s of text, \(mbps(tokenize)) MB/s raw-equivalent")
    print("  stem distinct terms:           \(fmt(stem, 3)) s  \(terms.count) terms, \(fmt(stem / Double(max(1, terms.count)) * 1e9, 0)) ns/term (\(stemBytes) bytes out)")
}

/// `x` with `digits` decimals (no Foundation).
private func fmt(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    var s = "\(v)"
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    }
    return s
}
