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
            walk(root, relative: "", into: &found, warnings: &warnings)
            found.sort { Array($0.relativePath.utf8).lexicographicallyPrecedes(Array($1.relativePath.utf8)) }
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

    private func walk(_ dir: String, relative: String, into out: inout [CorpusFile], warnings: inout [String]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            warnings.append("cannot list directory \(dir); skipped")
            return
        }
        var cache: [String: Manifest?] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (dir as NSString).appendingPathComponent(name)
            let rel = relative.isEmpty ? name : relative + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                warnings.append("\(rel): vanished or broken link; skipped")
                continue
            }
            if isDir.boolValue { walk(path, relative: rel, into: &out, warnings: &warnings); continue }
            guard name != "MANIFEST.tsv", Self.extensions.contains(FormatDetector.fileExtension(name)) else { continue }
            let row = manifest(in: dir, cache: &cache, warnings: &warnings)?.byFile[name]
            out.append(CorpusFile(path: path, relativePath: rel, manifest: row))
        }
    }
}

/// Walking problems that stop the walk.
public enum CorpusError: Error, CustomStringConvertible {
    case missingRoot(String)
    public var description: String {
        switch self { case .missingRoot(let p): return "corpus root \(p) does not exist or cannot be read" }
    }
}
