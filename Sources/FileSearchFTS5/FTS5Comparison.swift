import FileSearch
import Foundation

/// Builds (or opens) the native index and the FTS5 database over the same corpus for `filesearch compare`.
public enum FTS5Comparison {
    /// A ready backend with its build figures (nil when an existing index was reused).
    public struct Side {
        public var name: String
        public var backend: any SearchBackend
        public var build: BuildFigures?
    }

    /// Native index in `<work>/native`, FTS5 database in `<work>/fts5.sqlite`. With `rebuild == false` an
    /// existing index/database there is reused (no build figures then).
    /// - Throws: `SearchError.index`, `SQLiteError`, `CorpusError` from the builders.
    public static func prepare(corpus: [String], work: String, rebuild: Bool) throws -> (native: Side, fts5: Side) {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let nativeDir = work + "/native", ftsPath = work + "/fts5.sqlite"
        var nativeBuild: BuildFigures?
        if rebuild || !IndexLocation.exists(nativeDir) {
            let s = try IndexBuilder(directory: nativeDir).build(paths: corpus)
            nativeBuild = BuildFigures(seconds: s.seconds, indexBytes: s.indexBytes, textBytes: s.textBytes, documents: s.documents)
        }
        var ftsBuild: BuildFigures?
        if rebuild || !FileManager.default.fileExists(atPath: ftsPath) {
            let r = try FTS5Builder.build(files: try CorpusWalker(roots: corpus).files(), databasePath: ftsPath)
            ftsBuild = BuildFigures(seconds: r.totalSeconds, indexBytes: r.databaseBytes, textBytes: r.bodyTextBytes, documents: r.documents)
        }
        return (Side(name: "native", backend: try NativeBackend(directory: nativeDir, countThreshold: Int.max), build: nativeBuild),
                Side(name: "fts5", backend: try FTS5Backend.open(path: ftsPath), build: ftsBuild))
    }
}
