import FileSearch
import Foundation

/// Builds (or opens) the native index and the FTS5 database over the same corpus for `filesearch compare`.
public enum FTS5Comparison {
    /// A ready backend with its build figures (nil when an existing index was reused).
    public struct Side {
        public var name: String
        public var backend: any SearchBackend
        public var build: BuildFigures?
        /// A one-line breakdown of the build (FTS5: parse vs SQLite load), when built.
        public var detail: String?
    }

    /// Which side to build.
    public enum Kind: Sendable { case native, fts5 }

    /// Native index in `<work>/native`, FTS5 database in `<work>/fts5.sqlite`. With `rebuild == false` an
    /// existing index/database there is reused (no build figures then).
    /// - Throws: `SearchError.index`, `SQLiteError`, `CorpusError` from the builders.
    public static func prepare(corpus: [String], work: String, rebuild: Bool) throws -> (native: Side, fts5: Side) {
        let native = rebuild || !IndexLocation.exists(work + "/native") ? try build(.native, corpus: corpus, work: work)
            : Side(name: "native", backend: try NativeBackend(directory: work + "/native", countThreshold: Int.max), build: nil, detail: nil)
        let fts5 = rebuild || !FileManager.default.fileExists(atPath: work + "/fts5.sqlite") ? try build(.fts5, corpus: corpus, work: work)
            : Side(name: "fts5", backend: try FTS5Backend.open(path: work + "/fts5.sqlite"), build: nil, detail: nil)
        return (native, fts5)
    }

    /// (Re)builds one side in `work` and opens it.
    public static func build(_ kind: Kind, corpus: [String], work: String) throws -> Side {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        switch kind {
        case .native:
            let dir = work + "/native"
            let s = try IndexBuilder(directory: dir).build(paths: corpus)
            return Side(name: "native", backend: try NativeBackend(directory: dir, countThreshold: Int.max),
                        build: BuildFigures(seconds: s.seconds, indexBytes: s.indexBytes, textBytes: s.textBytes, documents: s.documents), detail: nil)
        case .fts5:
            let path = work + "/fts5.sqlite"
            let r = try FTS5Builder.build(files: try CorpusWalker(roots: corpus).files(), databasePath: path)
            let mb = Double(r.bodyTextBytes) / 1e6
            let detail = String(format: "fts5 build: parse+extract %.2f s (%d threads), SQLite load %.2f s = %.1f MB text/s load-only (%.1f MB incl. meta column); load phases: insert+tokenize %.2f s, optimize %.2f s, indexes+stems+analyze %.2f s",
                                r.parseSeconds, ProcessInfo.processInfo.activeProcessorCount, r.loadSeconds, r.loadSeconds > 0 ? mb / r.loadSeconds : 0, Double(r.textBytes) / 1e6,
                                r.phaseSeconds["insert"] ?? 0, r.phaseSeconds["optimize"] ?? 0, r.phaseSeconds["finish"] ?? 0)
            return Side(name: "fts5", backend: try FTS5Backend.open(path: path),
                        build: BuildFigures(seconds: r.totalSeconds, indexBytes: r.databaseBytes, textBytes: r.bodyTextBytes, documents: r.documents,
                                            storedTextBytes: r.textBytes),
                        detail: detail)
        }
    }
}
