import FileSearch
import FileSearchFTS5

/// `filesearch-bench fts5-index <paths...> --index DIR` and `fts5-query --index DIR --batch FILE`:
/// the SQLite FTS5 backend driven in-process, for the harness while `filesearch index/query`
/// have no `--backend fts5` option yet.
///
/// Same library calls the CLI wiring documents (BackendSelection.swift): the database of index
/// directory `DIR` is `DIR.fts5.sqlite`; queries are parsed with `QueryParser` (not timed) and
/// `took_ms` times `FTS5Backend.search` only, exactly like `filesearch query --batch`.
/// Output of fts5-query: JSON Lines `{"query","total","total_is_exact","took_ms","hits":[{"key"}]}`.
enum FTS5Fallback {
    /// - Throws: `BenchError` for bad arguments; walker/SQLite errors as thrown by the library.
    static func index(arguments: [String]) throws {
        var paths: [String] = []
        var index: String?
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            if a == "--index", k + 1 < arguments.count { index = arguments[k + 1]; k += 2; continue }
            if a.hasPrefix("-") { throw BenchError("fts5-index: unknown option \(a)") }
            paths.append(a)
            k += 1
        }
        guard let index, !paths.isEmpty else { throw BenchError("usage: fts5-index <paths...> --index DIR") }
        let files = try CorpusWalker(roots: paths).files()
        let report = try FTS5Builder.build(files: files, databasePath: databasePath(index: index))
        print("{\"documents\":\(report.documents),\"filings\":\(report.filings),\"text_bytes\":\(report.textBytes),"
              + "\"parse_s\":\(report.parseSeconds),\"load_s\":\(report.loadSeconds),\"database_bytes\":\(report.databaseBytes)}")
    }

    /// - Throws: `BenchError` for bad arguments or an unreadable batch file; search errors are reported per line.
    static func query(arguments: [String]) throws {
        var index: String?, batch: String?
        var limit = 10
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            guard k + 1 < arguments.count else { throw BenchError("fts5-query: \(a) needs a value") }
            switch a {
            case "--index": index = arguments[k + 1]
            case "--batch": batch = arguments[k + 1]
            case "--limit": limit = Int(arguments[k + 1]) ?? 10
            default: throw BenchError("fts5-query: unknown option \(a)")
            }
            k += 2
        }
        guard let index, let batch else { throw BenchError("usage: fts5-query --index DIR --batch FILE") }
        let backend = try FTS5Backend.open(path: databasePath(index: index))
        let text = String(decoding: try readFileBytes(batch), as: UTF8.self)
        let parser = QueryParser()
        let clock = ContinuousClock()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let q = String(line)
            var w = JSONLineWriter()
            w.begin()
            w.field("query", q)
            do {
                let node = try parser.parse(q)
                let request = SearchRequest(query: node, limit: limit, snippets: 0)
                let start = clock.now
                let response = try backend.search(request)
                let d = clock.now - start
                let ms = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
                w.field("total", response.total)
                w.rawField("total_is_exact", response.totalIsExact ? "true" : "false")
                w.rawField("took_ms", String(ms))
                w.field("hits", response.hits.map(\.key))
            } catch {
                w.field("error", "\(error)")
            }
            w.end()
            w.bytes.withUnsafeBufferPointer { _ = fwriteStdout($0) }
        }
    }

    /// `index` itself when it names a `.sqlite`/`.db` file, else `<index>.fts5.sqlite` (as BackendSelection.swift).
    static func databasePath(index: String) -> String {
        if index.hasSuffix(".sqlite") || index.hasSuffix(".db") { return index }
        var d = index
        while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
        return d + ".fts5.sqlite"
    }
}
