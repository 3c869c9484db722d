#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the index lives when no `--index` is given, and the bundled corpus.
public enum IndexLocation {
    /// `$FILESEARCH_INDEX`, else `<cwd>/.filesearch/index`.
    public static var `default`: String {
        if let p = getenv("FILESEARCH_INDEX"), let s = String(validatingCString: p), !s.isEmpty { return s }
        return currentDirectory + "/.filesearch/index"
    }

    /// `<cwd>/Corpus`.
    public static var defaultCorpus: String { currentDirectory + "/Corpus" }

    static var currentDirectory: String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        return String(cString: buf)
    }

    /// True when `directory` holds a committed index.
    public static func exists(_ directory: String) -> Bool {
        access("\(directory)/\(CommitPoint.fileName)", F_OK) == 0
    }

    /// Builds the index at `directory` over `corpus` when none exists; returns the build summary, or nil
    /// when an index was already there. When another process is building it right now, waits for that
    /// build to finish instead of failing.
    /// - Throws: `SearchError.index` when the corpus is missing or the build fails.
    @discardableResult
    public static func ensureDefaultIndex(directory: String = IndexLocation.default,
                                          corpus: String = IndexLocation.defaultCorpus) throws -> IndexBuildSummary? {
        if exists(directory) { return nil }
        guard FileOps.isDirectory(corpus) else {
            throw SearchError.index("no index at \(directory) and no corpus at \(corpus) to build one from; run `filesearch index PATH`")
        }
        do {
            return try IndexBuilder(directory: directory).build(paths: [corpus])
        } catch SearchError.index(let m) where m.contains("already building") {
            do { // blocks until the other build releases the lock, then releases it at once
                let waited = try IndexLock(directory: directory, wait: true)
                withExtendedLifetime(waited) {}
            }
            if exists(directory) { return nil }
            return try IndexBuilder(directory: directory).build(paths: [corpus])
        }
    }
}
