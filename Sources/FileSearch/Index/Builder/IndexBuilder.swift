#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import CLZ4

/// Builds a new index generation and switches to it atomically.
///
/// Steps: take the directory lock (a second concurrent build fails fast), clean leftovers of dead builds,
/// parse + tokenize on `threads` threads (each with its own in-memory segment, flushed when its share of
/// the memory budget is reached), merge the flushed segments into one, fsync everything, write the commit
/// (temp, fsync, rename, directory fsync), then delete the previous generation's files.
/// Killed at any point, the previous commit and its files stay intact.
public final class IndexBuilder: Sendable {
    public let directory: String
    public let options: IndexBuildOptions

    public init(directory: String, options: IndexBuildOptions = IndexBuildOptions()) {
        self.directory = directory
        self.options = options
    }

    /// Indexes every file `CorpusWalker(roots: paths)` finds.
    /// - Throws: `SearchError.index` (lock held, I/O failure); unreadable input files become warnings.
    @discardableResult
    public func build(paths: [String], progress: (@Sendable (IndexBuildProgress) -> Void)? = nil) throws -> IndexBuildSummary {
        try FileOps.makeDirectories(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let start = Clock.now
        IndexBuilder.keepFreedMemory
        progress?(IndexBuildProgress(phase: .scanning, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, textBytes: 0, documents: 0, elapsedSeconds: 0))
        var walkWarnings: [String] = []
        let files = try CorpusWalker(roots: paths).files(warnings: &walkWarnings)
        let sizes = files.map { $0.size ?? FileOps.fileSize($0.path) ?? 0 }
        let total = sizes.reduce(0, +)
        let gen = try prepareGeneration()
        var initial = BuildState()
        initial.warnings = walkWarnings
        let state = Mutex(initial)
        let nextFile = Atomic<Int>(0)
        let threads = min(options.threads, max(1, files.count))
        let share = options.memoryBudgetBytes / 4 * 3 / threads // ¾: headroom for flush-time buffers and files being parsed
        let final = !options.mergeSegments // segments to be merged skip the stem map and fsync
        let dir = directory
        let shared = try options.mergeSegments ? SharedTextStore(directory: dir, name: "g\(gen)-s0") : nil
        let failure = Mutex<Error?>(nil)
        let order = IndexBuilder.processingOrder(files)
        let scanned = start.secondsSince
        let chunk = max(1, min(IndexBuilder.filesPerTake, files.count / (threads * 8)))
        let readAhead = ReadAhead(paths: order.map { files[$0].path }, chunk: chunk)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let seg = MemorySegment(sharedText: shared)
            var flushes = 0
            var metas: [SegmentMeta] = []
            var local = BuildState()
            do {
                var taken = 0..<0
                while true {
                    if taken.isEmpty {
                        let from = nextFile.wrappingAdd(chunk, ordering: .relaxed).oldValue
                        guard from < files.count else { break }
                        taken = from..<min(from + chunk, files.count)
                        readAhead.taking(from)
                    }
                    let k = taken.removeFirst()
                    let i = order[k]
                    let f = files[i]
                    var fileDocs = 0, fileText = 0
                    let readStart = Clock.now
                    if let bytes = FileOps.readFile(f.path) {
                        readAhead.read(bytes: bytes.count, since: readStart, at: k)
                        let (filing, records) = Ingest.records(fileBytes: bytes, relativePath: f.relativePath, manifest: f.manifest)
                        local.warnings += filing.warnings.map { "\(f.relativePath): \($0)" }
                        local.skipped += filing.documents.filter(\.isSkipped).count
                        for (k, r) in records.enumerated() {
                            seg.add(r, arrival: UInt64(i) << 24 | UInt64(min(k, 0xFF_FFFF)))
                            fileText += r.text.count
                        }
                        fileDocs = records.count
                    } else {
                        local.warnings.append("\(f.relativePath): cannot read (\(String(cString: strerror(errno))))")
                    }
                    if seg.memoryBytes >= share {
                        metas.append(try seg.flush(directory: dir, name: "g\(gen)-t\(t)-\(flushes)", final: final))
                        flushes += 1
                        seg.reset() // keeps its buffers: no page faults for the next segment
                    }
                    let snapshot = state.withLock { s -> IndexBuildProgress in
                        s.files += 1; s.bytes += sizes[i]; s.text += fileText; s.documents += fileDocs
                        return IndexBuildProgress(phase: .indexing, filesDone: s.files, filesTotal: files.count, bytesDone: s.bytes,
                                                  bytesTotal: total, textBytes: s.text, documents: s.documents,
                                                  elapsedSeconds: start.secondsSince)
                    }
                    progress?(snapshot)
                }
                if !seg.isEmpty { metas.append(try seg.flush(directory: dir, name: "g\(gen)-t\(t)-\(flushes)", final: final)) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
            state.withLock { s in
                s.metas += metas.map { (t, $0) }
                s.warnings += local.warnings
                s.skipped += local.skipped
            }
        }
        if let e = failure.withLock({ $0 }) { shared?.discard(); throw e }
        var s = state.withLock { $0 }
        s.metas.sort { a, b in a.0 != b.0 ? a.0 < b.0 : a.1.name.count != b.1.name.count ? a.1.name.count < b.1.name.count : a.1.name < b.1.name }
        return try finish(generation: gen, flushed: s.metas.map(\.1), sharedText: shared, files: files.count, raw: total, text: s.text,
                          skipped: s.skipped, warnings: s.warnings, start: start, scanned: scanned, progress: progress)
    }

    /// Indexes already extracted `records` (tests, benchmarks) on `options.threads` threads.
    /// Doc order is the filed-date order with ties by position in `records`, whatever the thread count.
    /// - Throws: `SearchError.index` (lock held, I/O failure).
    @discardableResult
    public func build(records: [DocumentRecord]) throws -> IndexBuildSummary {
        try FileOps.makeDirectories(directory)
        let lock = try IndexLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let start = Clock.now
        let gen = try prepareGeneration()
        let threads = min(options.threads, max(1, records.count / 8))
        let share = options.memoryBudgetBytes / 4 * 3 / threads // ¾: headroom for flush-time buffers and files being parsed
        let final = !options.mergeSegments // segments to be merged skip the stem map and fsync
        let shared = try options.mergeSegments ? SharedTextStore(directory: directory, name: "g\(gen)-s0") : nil
        let next = Atomic<Int>(0)
        let results = Mutex<[(Int, Int, SegmentMeta)]>([])
        let failure = Mutex<Error?>(nil)
        let dir = directory
        let chunk = 8
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let seg = MemorySegment(sharedText: shared)
            var flushes = 0
            var metas: [(Int, Int, SegmentMeta)] = []
            do {
                while true {
                    let from = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                    guard from < records.count else { break }
                    for k in from..<min(from + chunk, records.count) {
                        seg.add(records[k], arrival: UInt64(k))
                        if seg.memoryBytes >= share {
                            metas.append((t, flushes, try seg.flush(directory: dir, name: "g\(gen)-t\(t)-\(flushes)", final: final)))
                            flushes += 1
                            seg.reset() // as above
                        }
                    }
                }
                if !seg.isEmpty { metas.append((t, flushes, try seg.flush(directory: dir, name: "g\(gen)-t\(t)-\(flushes)", final: final))) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
            results.withLock { $0 += metas }
        }
        if let e = failure.withLock({ $0 }) { shared?.discard(); throw e }
        let metas = results.withLock { $0 }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        let text = records.reduce(0) { $0 + $1.text.count }
        return try finish(generation: gen, flushed: metas, sharedText: shared, files: 0, raw: text, text: text, skipped: 0, warnings: [],
                          start: start, scanned: 0, progress: nil)
    }

    /// Files a builder thread takes at a time (in `processingOrder`): runs of consecutive final doc ids
    /// land in one flushed segment, which the merge copies as runs; small enough to end both threads together.
    static let filesPerTake = 256

    /// Tunes glibc's allocator once per process so freed file and text buffers are reused by the
    /// next file instead of going back to the kernel and faulting in again (`filesearch_keep_freed_memory`;
    /// process-wide: blocks up to 32 MiB stay in the heap, whose top is trimmed beyond 512 MiB free).
    static let keepFreedMemory: Void = filesearch_keep_freed_memory()

    /// The order files are indexed in: by the filed date their manifest row gives (the final doc order,
    /// undated last), then walker order. Only the merge's speed depends on it: doc ids come from the
    /// parsed dates and the walker position (`arrival`), whatever thread indexed a file when.
    static func processingOrder(_ files: [CorpusFile]) -> [Int] {
        let keys = files.map { f -> Int32 in f.manifest?["filed"].flatMap { FilingDate($0) }?.daysSinceEpoch ?? Int32.max }
        return files.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    private struct BuildState {
        var files = 0, bytes = 0, text = 0, documents = 0, skipped = 0
        var warnings: [String] = []
        var metas: [(Int, SegmentMeta)] = []
    }

    /// Next generation number; removes files of dead builds (anything of ours not in the current commit).
    private func prepareGeneration() throws -> UInt64 {
        let current = try? CommitPoint.read(directory: directory)
        removeUnreferenced(keeping: current)
        return (current?.generation ?? 0) + 1
    }

    /// Deletes index files (`g<N>-…` segments, `COMMIT.tmp`) that `commit` does not reference.
    private func removeUnreferenced(keeping commit: CommitPoint?) {
        var keep = Set<String>()
        for seg in commit?.segments ?? [] { for k in SegmentFileKind.all { keep.insert("\(seg.name).\(k.ext)") } }
        for name in FileOps.list(directory) {
            let ours = name == "\(CommitPoint.fileName).tmp" || (name.hasPrefix("g") && name.contains("-") &&
                SegmentFileKind.all.contains { name.hasSuffix(".\($0.ext)") })
            if ours && !keep.contains(name) { unlink("\(directory)/\(name)") }
        }
    }

    /// Merges the flushed segments (when merging: even a lone one, whose text is in `sharedText`),
    /// fsyncs, commits, and removes what the commit does not reference.
    private func finish(generation gen: UInt64, flushed: [SegmentMeta], sharedText: SharedTextStore?, files: Int, raw: Int, text: Int, skipped: Int,
                        warnings: [String], start: Clock, scanned: Double, progress: (@Sendable (IndexBuildProgress) -> Void)?) throws -> IndexBuildSummary {
        var phases = IndexBuildPhases()
        phases.scan = scanned
        phases.index = start.secondsSince - scanned
        var segments = flushed
        if flushed.isEmpty { sharedText?.discard() }
        if options.mergeSegments && !flushed.isEmpty {
            progress?(IndexBuildProgress(phase: .merging, filesDone: files, filesTotal: files, bytesDone: raw, bytesTotal: raw,
                                         textBytes: text, documents: flushed.reduce(0) { $0 + Int($1.docCount) }, elapsedSeconds: start.secondsSince))
            let mergeStart = Clock.now // opening the flushed segments is part of the merge
            let readers = try flushed.map { try SegmentReader(directory: directory, meta: $0, verify: false) }
            let merged = try SegmentMerger.mergeTimed(readers, directory: directory, name: "g\(gen)-s0", threads: options.threads, sharedText: sharedText)
            segments = [merged.meta]
            phases.stemMap = merged.stemMapSeconds
            phases.merge = mergeStart.secondsSince - merged.stemMapSeconds
            for m in flushed { for k in SegmentFileKind.all { unlink(m.path(k, in: directory)) } }
        }
        try FileOps.fsyncDirectory(directory)
        progress?(IndexBuildProgress(phase: .committing, filesDone: files, filesTotal: files, bytesDone: raw, bytesTotal: raw,
                                     textBytes: text, documents: segments.reduce(0) { $0 + Int($1.docCount) }, elapsedSeconds: start.secondsSince))
        let commit = CommitPoint(generation: gen, segments: segments)
        try commit.write(directory: directory)
        removeUnreferenced(keeping: commit)
        let reader = try IndexReader.open(directory: directory, verify: false)
        let bytes = segments.reduce(0) { acc, s in acc + s.seals.reduce(0) { $0 + Int($1.size) } }
        var summary = IndexBuildSummary(directory: directory, generation: gen, files: files, documents: reader.documentCount,
                                        filings: reader.segments.reduce(0) { $0 + $1.filings }, skippedBodies: skipped,
                                        warnings: warnings, segments: segments.count, flushedSegments: flushed.count, rawBytes: raw, textBytes: text,
                                        indexBytes: bytes, seconds: start.secondsSince)
        phases.commit = summary.seconds - phases.scan - phases.index - phases.merge - phases.stemMap
        summary.phases = phases
        progress?(IndexBuildProgress(phase: .done, filesDone: files, filesTotal: files, bytesDone: raw, bytesTotal: raw,
                                     textBytes: text, documents: summary.documents, elapsedSeconds: summary.seconds))
        return summary
    }
}

/// Asks the kernel for the files the builder threads will read next, once reads have been seen waiting
/// on the disk (a corpus not, or no longer, in the page cache): their reads then find the pages loaded
/// instead of each waiting for the device in turn.
///
/// Off while reads are fast (a cached corpus: each request costs ~4 µs a file, open + `posix_fadvise`
/// + close); after `coldReadsToStart` slow reads (over 100 µs at under 1 GB/s: the disk, not a copy)
/// each chunk a thread takes has the files up to `leadChunks` chunks ahead requested, each file once.
/// Thread-safe.
final class ReadAhead: Sendable {
    /// Slow reads seen before reading ahead starts (one can be a thread descheduled mid-read).
    static let coldReadsToStart = 8
    /// Chunks requested ahead of the one being taken.
    static let leadChunks = 3
    private let paths: [String]
    private let chunk: Int
    private let fetch: @Sendable (String) -> Void
    private let coldReads = Atomic<Int>(0)
    /// Position in `paths` up to which files were requested.
    private let requested = Mutex<Int>(0)

    /// - Parameters:
    ///   - paths: the files in processing order; threads take `chunk` of them at a time.
    ///   - fetch: requests one file (tests observe it; default: `posix_fadvise(WILLNEED)`).
    init(paths: [String], chunk: Int, fetch: @escaping @Sendable (String) -> Void = { $0.withCString { filesearch_prefetch_file($0) } }) {
        self.paths = paths
        self.chunk = max(1, chunk)
        self.fetch = fetch
    }

    /// A thread took the chunk starting at `from` (a position in processing order).
    func taking(_ from: Int) {
        if coldReads.load(ordering: .relaxed) >= ReadAhead.coldReadsToStart { request(from: from) }
    }

    /// A thread read `bytes` of the file at processing position `position`, starting at `start`.
    @inline(__always)
    func read(bytes: Int, since start: Clock, at position: Int) {
        let ns = Clock.now.nanos &- start.nanos // monotonic: now ≥ start
        guard ns > 100_000 && UInt64(bytes) < ns else { return }
        if coldReads.wrappingAdd(1, ordering: .relaxed).newValue == ReadAhead.coldReadsToStart { request(from: position) }
    }

    /// Requests the files from `from` to `leadChunks` chunks past it that were not requested yet.
    private func request(from: Int) {
        let end = min(paths.count, from + (ReadAhead.leadChunks + 1) * chunk)
        let range = requested.withLock { r -> Range<Int> in
            let lo = max(r, from)
            guard lo < end else { return 0..<0 }
            r = end
            return lo..<end
        }
        for k in range { fetch(paths[k]) }
    }
}
