import Foundation
import Dispatch
import Synchronization

/// Walks files and directories for indexable input.
///
/// Includes `.txt .nc .htm .html .xml` (any case); skips `MANIFEST.tsv`, hidden files and
/// directories (name starting with `.`) and every other extension. Order is deterministic:
/// roots in the given order, then paths sorted byte-wise. Each file gets the row of the
/// `MANIFEST.tsv` in its own folder whose `file` column equals its name.
public struct CorpusWalker: Sendable {
    public var roots: [String]
    /// Extensions (lower-case, no dot) the walker yields.
    public static let extensions: Set<String> = ["txt", "nc", "htm", "html", "xml"]

    public init(roots: [String]) { self.roots = roots }

    /// Every indexable file below the roots, in a deterministic order, with its manifest row.
    /// - Throws: `CorpusError.missingRoot` when a root does not exist or cannot be listed.
    public func files() throws -> [CorpusFile] {
        var warnings: [String] = []
        return try files(warnings: &warnings)
    }

    /// Like `files()`, also reporting per-directory problems (unreadable folders, bad manifests).
    /// - Complexity: O(files · log files) for sorting.
    public func files(warnings: inout [String]) throws -> [CorpusFile] {
        let fm = FileManager.default
        var out: [CorpusFile] = []
        var manifestCache: [String: Manifest?] = [:]
        for root in roots {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else { throw CorpusError.missingRoot(root) }
            if !isDir.boolValue {
                let name = (root as NSString).lastPathComponent
                let dir = (root as NSString).deletingLastPathComponent
                let row = manifest(in: dir.isEmpty ? "." : dir, cache: &manifestCache, warnings: &warnings)?.byFile[name]
                out.append(CorpusFile(path: root, relativePath: name, manifest: row))
                continue
            }
            guard fm.isReadableFile(atPath: root), (try? fm.contentsOfDirectory(atPath: root)) != nil else {
                throw CorpusError.missingRoot(root)
            }
            var found = walkInParallel(root, warnings: &warnings)
            found.sort { ByteScan.less($0.relativePath, $1.relativePath) }
            out += found
        }
        return out
    }

    private func manifest(in dir: String, cache: inout [String: Manifest?], warnings: inout [String]) -> Manifest? {
        if let m = cache[dir] { return m }
        let path = (dir as NSString).appendingPathComponent("MANIFEST.tsv")
        var m: Manifest? = nil
        if FileManager.default.fileExists(atPath: path) {
            do { m = try Manifest(path: path, warnings: &warnings) } catch { warnings.append("\(error)") }
        }
        cache[dir] = m
        return m
    }

    /// Lists `root` recursively, its subdirectories on all cores (each walked by `walk`; a corpus's
    /// directories each hold a manifest to parse and files to stat: ~1 s for 100,000 files on one thread).
    ///
    /// The files found are the sequential walk's: the top-level subdirectories are resolved in order
    /// first, each task sees them as visited, and when two tasks reach the same directory (symlinks
    /// across subdirectories) the whole walk is redone sequentially. Warnings come grouped: the root's,
    /// then each subdirectory's in order.
    private func walkInParallel(_ root: String, warnings: inout [String]) -> [CorpusFile] {
        var out: [CorpusFile] = []
        var visited = Set<String>()
        var rootWarnings: [String] = []
        var subdirs: [(path: String, rel: String)] = []
        walk(root, relative: "", into: &out, visited: &visited, warnings: &rootWarnings) { path, rel in
            subdirs.append((path, rel))
        }
        guard subdirs.count > 1 else {
            for (path, rel) in subdirs { walk(path, relative: rel, into: &out, visited: &visited, warnings: &rootWarnings) }
            warnings += rootWarnings
            return out
        }
        // Each subdirectory is entered (checked against `visited`) exactly as the sequential walk would:
        // in order, before any of its contents.
        var tasks: [(path: String, rel: String)] = []
        for (path, rel) in subdirs {
            if visited.insert(Self.realPath(path)).inserted { tasks.append((path, rel)) }
            else { rootWarnings.append("\(rel): directory already walked (symlink loop?); skipped") }
        }
        let seen = visited, work = tasks
        let results = Mutex([(files: [CorpusFile], visited: Set<String>, warnings: [String])?](repeating: nil, count: work.count))
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            var files: [CorpusFile] = [], v = seen, w: [String] = []
            walk(work[k].path, relative: work[k].rel, into: &files, visited: &v, warnings: &w, entered: true)
            results.withLock { $0[k] = (files, v.subtracting(seen), w) }
        }
        let parts = results.withLock { $0 }.map { $0! } // every task stored its result
        var union = Set<String>()
        for p in parts {
            if union.isDisjoint(with: p.visited) { union.formUnion(p.visited); continue }
            // Two subdirectories reach a common directory: only the sequential order says which one walks it.
            var all: [CorpusFile] = [], v = Set<String>(), w: [String] = []
            walk(root, relative: "", into: &all, visited: &v, warnings: &w)
            warnings += w
            return all
        }
        warnings += rootWarnings
        for p in parts { out += p.files; warnings += p.warnings }
        return out
    }

    static func realPath(_ dir: String) -> String { URL(fileURLWithPath: dir).resolvingSymlinksInPath().path }

    /// Lists `dir` recursively; `visited` holds resolved directory paths so symlink loops end.
    ///
    /// Entries come from `readdir` in byte order; their type from `d_type` when the file system gives
    /// it (a directory, or a regular file whose extension is not indexed, needs no `stat`), else from
    /// `fstatat` relative to the directory (following links, a one-component lookup), which also gives
    /// an indexed file's size.
    /// - Parameters:
    ///   - entered: `dir` is already in `visited` (checked by the caller).
    ///   - subdirectory: when given, receives the subdirectories instead of walking them.
    private func walk(_ dir: String, relative: String, into out: inout [CorpusFile], visited: inout Set<String>, warnings: inout [String],
                      entered: Bool = false, subdirectory: ((String, String) -> Void)? = nil) {
        guard entered || visited.insert(Self.realPath(dir)).inserted else {
            warnings.append("\(relative): directory already walked (symlink loop?); skipped")
            return
        }
        guard let handle = opendir(dir) else {
            warnings.append("cannot list directory \(dir); skipped")
            return
        }
        defer { closedir(handle) }
        let fd = dirfd(handle)
        var entries: [(name: String, type: UInt8)] = []
        while let e = readdir(handle) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if !name.hasPrefix(".") { entries.append((name, e.pointee.d_type)) } // also skips "." and ".."
        }
        entries.sort { ByteScan.less($0.name, $1.name) }
        var cache: [String: Manifest?] = [:]
        for (name, type) in entries {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            let indexed = name != "MANIFEST.tsv" && Self.extensions.contains(FormatDetector.fileExtension(name))
            var isDir = type == UInt8(DT_DIR)
            var size: Int? = nil
            if !isDir {
                if type == UInt8(DT_REG) && !indexed { continue }
                var st = stat()
                guard fstatat(fd, name, &st, 0) == 0 else {
                    warnings.append("\(rel): vanished or broken link; skipped")
                    continue
                }
                isDir = (st.st_mode & S_IFMT) == S_IFDIR
                size = Int(st.st_size)
            }
            if isDir {
                if let subdirectory { subdirectory(path, rel) } else { walk(path, relative: rel, into: &out, visited: &visited, warnings: &warnings) }
                continue
            }
            guard indexed else { continue }
            let row = manifest(in: dir, cache: &cache, warnings: &warnings)?.byFile[name]
            out.append(CorpusFile(path: path, relativePath: rel, manifest: row, size: size))
        }
    }
}

/// Walking and reading problems.
public enum CorpusError: Error, CustomStringConvertible {
    /// A root given to the walker does not exist or cannot be listed (stops the walk).
    case missingRoot(String)
    /// One file cannot be read (a per-file problem: report it and go on).
    case unreadableFile(String)
    public var description: String {
        switch self {
        case .missingRoot(let p): return "corpus root \(p) does not exist or cannot be read"
        case .unreadableFile(let p): return "\(p): cannot be read (missing, a directory, or no permission); skipped"
        }
    }
}

extension CorpusFile {
    /// The file's bytes.
    /// - Throws: `CorpusError.unreadableFile` when it cannot be read.
    public func readBytes() throws -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
              let d = FileManager.default.contents(atPath: path) else { throw CorpusError.unreadableFile(path) }
        return [UInt8](d)
    }
}
