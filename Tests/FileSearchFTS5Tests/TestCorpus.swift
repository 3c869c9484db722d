import Foundation
import FileSearch

/// Locates the shared corpus and turns its manifest-described files into hand-made `DocumentRecord`s.
///
/// Until the filing helper's `Ingest` lands, records are made from `MANIFEST.tsv` (accession, CIKs,
/// companies, form, dates) plus `TextExtractor.extract` of the whole file: one record per file.
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

    /// Records for every manifest row of `dir` (files in manifest order).
    static func records(_ dir: String) -> [DocumentRecord] {
        tsv(dir + "/MANIFEST.tsv").compactMap { row -> DocumentRecord? in
            guard let file = row["file"], let data = FileManager.default.contents(atPath: dir + "/" + file) else { return nil }
            var text: [UInt8] = []
            let bytes = [UInt8](data)
            bytes.withUnsafeBytes { TextExtractor.extract($0, format: row["kind"] == "text" ? .text : .html, into: &text) }
            func v(_ k: String) -> String? { row[k].flatMap { $0.isEmpty ? nil : $0 } }
            let companies = v("company")?.components(separatedBy: " | ") ?? []
            return DocumentRecord(accession: v("accession"), sourcePath: file, sequence: 1, documentType: v("form"),
                                  documentFileName: file, description: v("company").map { "Filing of \($0)" }, formType: v("form"),
                                  filed: v("filed").flatMap { FilingDate($0) }, period: v("period").flatMap { FilingDate($0) },
                                  ciks: v("ciks")?.split(separator: ",").compactMap { CIK.normalize($0) } ?? [],
                                  companyNames: companies, sics: [], states: [], text: text)
        }
    }

    /// A fresh temporary path for a database.
    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fts5tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name + "-\(UInt32.random(in: 0...UInt32.max)).db").path
    }
}
