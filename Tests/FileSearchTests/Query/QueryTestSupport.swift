import Foundation
import Testing
@testable import FileSearch

/// Corpus location, record loading and index building for the query tests.
enum QueryTestSupport {
    /// `<package root>` from this file's path (`Tests/FileSearchTests/Query/…`).
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }

    /// `<package root>/../shared/corpus/<sub>` or `/work/shared/corpus/<sub>`; records an Issue when absent.
    static func sharedCorpus(_ sub: String) -> String? {
        for base in [packageRoot + "/../shared/corpus", "/work/shared/corpus"] {
            let p = base + "/" + sub
            if FileManager.default.fileExists(atPath: p + "/MANIFEST.tsv") { return p }
        }
        Issue.record("shared corpus '\(sub)' not found at <package root>/../shared/corpus or /work/shared/corpus: this test did NOT run")
        return nil
    }

    /// Every record of the files below `dir`, through `CorpusWalker` and `Ingest` (manifest metadata included).
    static func records(_ dir: String) throws -> [DocumentRecord] {
        var out: [DocumentRecord] = []
        for f in try CorpusWalker(roots: [dir]).files() {
            guard let d = FileManager.default.contents(atPath: f.path) else { continue }
            out += Ingest.records(fileBytes: [UInt8](d), relativePath: f.relativePath, manifest: f.manifest).records
        }
        return out
    }

    static func tempDir(_ tag: String) -> String {
        let p = NSTemporaryDirectory() + "fsq-\(tag)-\(UInt64.random(in: 0..<UInt64.max))"
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// An index over `records` in a fresh temp dir. `segmentBytes` small forces several segments.
    static func build(_ records: [DocumentRecord], tag: String, segmentBytes: Int? = nil) throws -> IndexReader {
        let dir = tempDir(tag)
        var opts = IndexBuildOptions()
        if let s = segmentBytes { opts = IndexBuildOptions(memoryBudgetBytes: s, threads: 1, mergeSegments: false) }
        try IndexBuilder(directory: dir, options: opts).build(records: records)
        return try IndexReader.open(directory: dir)
    }

    /// Cached edgar records (parsing 29 MB in a debug build takes a while).
    nonisolated(unsafe) static var edgarCache: [DocumentRecord]?
    static let lock = NSLock()
    static func edgarRecords() throws -> [DocumentRecord]? {
        lock.lock(); defer { lock.unlock() }
        if let c = edgarCache { return c }
        guard let dir = sharedCorpus("edgar") else { return nil }
        let r = try records(dir)
        edgarCache = r
        return r
    }
}
