import ArgumentParser
import FileSearch
import FileSearchFTS5
#if canImport(Glibc)
import Glibc
#endif

/// `--backend native|fts5`, shared by `index`, `query` and `stats`.
///
/// Wiring (a few lines per command): add `@OptionGroup var backendOption: BackendOption` to the command, then
/// - query: `makeBackend(directory:)` returns `try openSearchBackend(kind: backendOption.backend, index: directory)`;
///   in `resolveIndexDirectory()` call `ensureFTS5Database(index: dir)` instead of `ensureDefaultIndex` when
///   `backendOption.backend == .fts5`.
/// - stats: for `.fts5`, `let s = try openSearchBackend(kind: .fts5, index: dir).stats()` and print `s` like the native
///   `IndexStats` (the native path keeps `IndexReader` for the generation number).
/// - index: `if backendOption.backend == .fts5 { print(describe(try buildFTS5Backend(index: dir, paths: roots))); return }`
///   before the native build (the native path stays as it is).
/// The FTS5 database of index directory `D` is the file `D.fts5.sqlite` beside it (see `fts5DatabasePath`).
struct BackendOption: ParsableArguments {
    @Option(help: "Search engine: native (our index, default) or fts5 (SQLite FTS5 comparison backend).")
    var backend: BackendKind = .native
}

/// Which engine a command uses.
enum BackendKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    case native, fts5
}

/// The FTS5 database that belongs to index directory `index`: `index` itself when it names a
/// `.sqlite`/`.db` file, else `<index without trailing slash>.fts5.sqlite`.
func fts5DatabasePath(index: String) -> String {
    if index.hasSuffix(".sqlite") || index.hasSuffix(".db") { return index }
    var d = index
    while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
    return d + ".fts5.sqlite"
}

/// Opens the chosen backend over index directory `index`.
/// - Throws: `SearchError.index` when it is missing or damaged (the message says how to build it).
func openSearchBackend(kind: BackendKind, index: String) throws -> any SearchBackend {
    switch kind {
    case .native: return try NativeBackend(directory: index)
    case .fts5: return try FTS5Backend.open(path: fts5DatabasePath(index: index))
    }
}

/// Builds the FTS5 database for index directory `index` from the files below `paths` (atomic replace).
/// - Throws: `CorpusError` for missing paths, `SQLiteError` when SQLite fails (the old database is kept).
func buildFTS5Backend(index: String, paths: [String]) throws -> FTS5BuildReport {
    try FTS5Builder.build(files: try CorpusWalker(roots: paths).files(), databasePath: fts5DatabasePath(index: index))
}

/// One line describing an FTS5 build, for `index --backend fts5`.
func describe(_ r: FTS5BuildReport) -> String {
    let mb = Double(r.bodyTextBytes) / 1e6
    return "fts5: \(r.documents) documents, \(r.filings) filings, \(String(format: "%.1f", mb)) MB text in "
        + "\(String(format: "%.2f", r.totalSeconds)) s (\(String(format: "%.1f", r.totalSeconds > 0 ? mb / r.totalSeconds : 0)) MB/s), "
        + "database \(String(format: "%.1f", Double(r.databaseBytes) / 1e6)) MB"
}

/// Builds the FTS5 database of `index` over `corpus` (default ./Corpus) when it does not exist yet — the FTS5
/// counterpart of `IndexLocation.ensureDefaultIndex`; returns nil when it was already there.
/// - Throws: `SearchError.index` when there is no corpus to build from; builder errors otherwise.
@discardableResult
func ensureFTS5Database(index: String, corpus: String = IndexLocation.defaultCorpus) throws -> FTS5BuildReport? {
    let path = fts5DatabasePath(index: index)
    if access(path, F_OK) == 0 { return nil }
    guard access(corpus, F_OK) == 0 else {
        throw SearchError.index("no FTS5 database at \(path) and no corpus at \(corpus); run `filesearch index --backend fts5 PATH`")
    }
    return try buildFTS5Backend(index: index, paths: [corpus])
}
