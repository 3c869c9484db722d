import ArgumentParser
import FileSearch
#if canImport(Glibc)
import Glibc
#endif

/// `filesearch index`: builds a new index generation and switches to it atomically.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build (or rebuild) the search index over filing files and folders.",
        discussion: """
        Walks PATH… recursively (SGML .txt/.nc, .htm/.html, .xml, with MANIFEST.tsv sidecars), builds a new
        index generation and switches to it atomically; the previous index stays queryable until then and
        survives a killed build. Default PATH: ./Corpus. Default index: $FILESEARCH_INDEX or ./.filesearch/index.
        """)

    @Argument(help: "Files or directories to index (default: ./Corpus).")
    var paths: [String] = []

    @Option(name: .long, help: "Index directory (default: $FILESEARCH_INDEX or ./.filesearch/index).")
    var index: String?

    @Flag(name: .long, help: "Rebuild from scratch (every build writes a complete new generation; this only documents intent).")
    var rebuild = false

    @Option(name: .customLong("memory-mb"), help: "Memory budget for in-memory segments, in MB (default 1024).")
    var memoryMB: Int = 1024

    @Option(name: .long, help: "Parsing/tokenizing threads (default: number of cores).")
    var threads: Int?

    @Flag(name: .long, help: "No progress output, only errors.")
    var quiet = false

    @Flag(name: .long, help: ArgumentHelp("Benchmark: extract all text into memory first, then time indexing alone.", visibility: .hidden))
    var preload = false

    func validate() throws {
        guard memoryMB >= 16 else { throw ValidationError("--memory-mb must be at least 16") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
    }

    @OptionGroup var backendOption: BackendOption

    func run() throws {
        let dir = index ?? IndexLocation.default
        let roots = paths.isEmpty ? [IndexLocation.defaultCorpus] : paths
        if backendOption.backend == .fts5 {
            let report = try buildFTS5Backend(index: dir, paths: roots)
            if !quiet { print(describe(report)) }
            return
        }
        let options = IndexBuildOptions(memoryBudgetBytes: memoryMB << 20, threads: threads)
        if preload {
            let t0 = ContinuousClock.now
            let (records, raw) = try RecordLoader.load(paths: roots, threads: options.threads)
            let load = ContinuousClock.now - t0
            let cpu0 = cpuSeconds()
            let s = try IndexBuilder(directory: dir, options: options).build(records: records)
            let cpu = cpuSeconds() - cpu0
            print("preloaded \(records.count) records, \(raw) raw bytes, \(s.textBytes) text bytes in \(load)")
            print("indexed from memory in \(format1(s.seconds)) s on \(options.threads) thread(s): \(format1(s.textMegabytesPerSecond)) MB/s text; index \(s.indexBytes) bytes (\(format1(100 * Double(s.indexBytes) / Double(max(1, s.textBytes))))% of text), \(s.flushedSegments) flushed segment(s)")
            print("indexing CPU time \(format1(cpu)) s = \(format1(Double(s.textBytes) / 1e6 / cpu)) MB text per CPU-second")
            return
        }
        let reporter = ProgressReporter(quiet: quiet)
        let summary: IndexBuildSummary
        do {
            summary = try IndexBuilder(directory: dir, options: options).build(paths: roots) { p in reporter.report(p) }
        } catch let e as SearchError {
            reporter.finishLine()
            throw ValidationError(e.description)
        }
        reporter.finishLine()
        guard !quiet else { return }
        let mb = { (b: Int) in b < 10_000_000 ? format2(Double(b) / 1e6) + " MB" : format1(Double(b) / 1e6) + " MB" }
        print("indexed \(summary.files) files into \(dir) (generation \(summary.generation))")
        print("  documents      \(summary.documents)")
        print("  filings        \(summary.filings)")
        print("  skipped bodies \(summary.skippedBodies) (binary/uuencoded)")
        print("  warnings       \(summary.warnings.count)")
        for w in summary.warnings.prefix(10) { print("    \(w)") }
        if summary.warnings.count > 10 { print("    … \(summary.warnings.count - 10) more") }
        print("  input          \(mb(summary.rawBytes)) raw, \(mb(summary.textBytes)) text")
        let pct = summary.textBytes > 0 ? " (\(format1(100 * Double(summary.indexBytes) / Double(summary.textBytes)))% of text)" : ""
        print("  index size     \(mb(summary.indexBytes))\(pct), \(summary.segments) segment(s)")
        print("  time           \(format1(summary.seconds)) s — \(format1(summary.rawMegabytesPerSecond)) MB/s raw, \(format1(summary.textMegabytesPerSecond)) MB/s text")
        let p = summary.phases
        print("  phases         scan \(format2(p.scan)) s, index \(format2(p.index)) s, merge \(format2(p.merge)) s, stem map \(format2(p.stemMap)) s, commit \(format2(p.commit)) s")
    }
}

/// Two decimal places.
func format2(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    let c = Int((v * 100).rounded())
    let frac = c % 100
    return "\(c / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
}

/// One decimal place.
func format1(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
}

/// Prints build progress: a redrawn bar on a terminal, a plain line every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable { // mutable state guarded by `lock`
    private let quiet: Bool
    private let tty: Bool
    private var lastPrint = -1.0
    private var drewBar = false
    private var lock = pthread_mutex_t()

    init(quiet: Bool) {
        self.quiet = quiet
        tty = isatty(STDERR_FILENO) != 0
        pthread_mutex_init(&lock, nil)
    }

    func report(_ p: IndexBuildProgress) {
        guard !quiet else { return }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let interval = tty ? 0.1 : 2.0
        let important = p.phase != .indexing
        guard important || p.elapsedSeconds - lastPrint >= interval else { return }
        lastPrint = p.elapsedSeconds
        let mbDone = Double(p.bytesDone) / 1e6, mbTotal = Double(p.bytesTotal) / 1e6
        let eta = p.etaSeconds.map { "ETA \(Int($0.rounded()))s" } ?? "ETA –"
        let line: String
        switch p.phase {
        case .scanning: line = "scanning input…"
        case .indexing:
            let frac = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) : 0
            let width = 24
            let filled = Int(frac * Double(width))
            let bar = tty ? "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] " : ""
            line = "\(bar)\(p.filesDone)/\(p.filesTotal) files, \(format1(mbDone))/\(format1(mbTotal)) MB, \(format1(p.megabytesPerSecond)) MB/s, \(eta)"
        case .merging: line = "merging segments (\(p.documents) documents) at \(format1(p.elapsedSeconds)) s…"
        case .committing: line = "committing at \(format1(p.elapsedSeconds)) s…"
        case .done: line = "done in \(format1(p.elapsedSeconds)) s"
        }
        if tty {
            writeStderr("\r\u{1B}[2K" + line)
            drewBar = true
        } else {
            writeStderr(line + "\n")
        }
    }

    func finishLine() {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if drewBar { writeStderr("\n"); drewBar = false }
    }
}

/// Writes `s` to standard error unbuffered.
func writeStderr(_ s: String) {
    var bytes = Array(s.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// User + system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}
