import Foundation
import FileSearch

/// Locates the shared corpus and the bundled seeds and turns their files into `DocumentRecord`s.
enum TestCorpus {
    /// `<package root>/../shared/corpus`, else `/work/shared/corpus`; nil when neither exists.
    static let root: String? = {
        let pkg = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for c in [pkg.deletingLastPathComponent().appendingPathComponent("shared/corpus").path, "/work/shared/corpus"] {
            if FileManager.default.fileExists(atPath: c + "/README.md") { return c }
        }
        return nil
    }()

    /// The bundled seeds (`<package root>/Corpus`).
    static let seeds: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus").path

    static func tsv(_ path: String) -> [[String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { cols in
            Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0 < cols.count ? cols[$0] : "") })
        }
    }

    /// Records of every file below `dir`, parsed by the real pipeline (`CorpusWalker` + `Ingest.records`).
    static func records(_ dir: String) -> [DocumentRecord] {
        let files = (try? CorpusWalker(roots: [dir]).files()) ?? []
        return files.flatMap { f -> [DocumentRecord] in
            guard let data = FileManager.default.contents(atPath: f.path) else { return [] }
            return Ingest.records(fileBytes: [UInt8](data), relativePath: f.relativePath, manifest: f.manifest).records
        }
    }

    /// A fresh temporary path for a database.
    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fts5tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name + "-\(UInt32.random(in: 0...UInt32.max)).db").path
    }
}
