import Foundation

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
            var found: [CorpusFile] = []
            var visited = Set<String>()
            walk(root, relative: "", into: &found, visited: &visited, warnings: &warnings)
            found.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
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

    /// Lists `dir` recursively; `visited` holds resolved directory paths so symlink loops end.
    ///
    /// Entries come from `readdir` in byte order; their type from `d_type` when the file system gives
    /// it (a directory, or a regular file whose extension is not indexed, needs no `stat`), else from
    /// `fstatat` relative to the directory (following links, a one-component lookup), which also gives
    /// an indexed file's size.
    private func walk(_ dir: String, relative: String, into out: inout [CorpusFile], visited: inout Set<String>, warnings: inout [String]) {
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else {
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
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
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
            if isDir { walk(path, relative: rel, into: &out, visited: &visited, warnings: &warnings); continue }
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
