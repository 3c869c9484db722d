import Dispatch
import Synchronization

/// Reads, parses and extracts every file under some roots into memory (benchmarks: separates
/// extraction time from indexing time).
public enum RecordLoader {
    /// All records of the files `CorpusWalker(roots:)` finds, in walker order, parsed on `threads` threads.
    /// Each record's arrival order is its position in the result.
    /// - Throws: the walker's errors (missing root).
    public static func load(paths: [String], threads: Int = IndexBuildOptions.activeProcessors) throws -> (records: [DocumentRecord], rawBytes: Int) {
        let files = try CorpusWalker(roots: paths).files()
        let slots = Mutex([[DocumentRecord]?](repeating: nil, count: files.count))
        let raw = Atomic<Int>(0)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < files.count else { break }
                guard let bytes = FileOps.readFile(files[i].path) else { continue }
                raw.wrappingAdd(bytes.count, ordering: .relaxed)
                let recs = Ingest.records(fileBytes: bytes, relativePath: files[i].relativePath, manifest: files[i].manifest).records
                slots.withLock { $0[i] = recs }
            }
        }
        return (slots.withLock { $0 }.flatMap { $0 ?? [] }, raw.load(ordering: .relaxed))
    }
}
