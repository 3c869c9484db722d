import Foundation
import Testing
@testable import FileSearch

/// Locates the shared real-data corpus and the package's own `Corpus/` for filing tests.
enum TestCorpus {
    /// `<package root>`, found from this file's path (`Tests/FileSearchTests/Filing/…`).
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }

    /// `<package root>/../shared/corpus`, else `/work/shared/corpus`; nil when neither exists.
    static var shared: String? {
        let candidates = [(packageRoot as NSString).appendingPathComponent("../shared/corpus"), "/work/shared/corpus"]
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("edgar/MANIFEST.tsv")) }
    }

    /// The shared corpus folder `sub`, or a recorded issue saying it is absent (never a silent pass).
    static func require(_ sub: String) -> String? {
        guard let s = shared else {
            Issue.record("shared corpus not found at <package root>/../shared/corpus or /work/shared/corpus: real-filing tests did NOT run")
            return nil
        }
        return (s as NSString).appendingPathComponent(sub)
    }

    static func manifest(_ dir: String) throws -> Manifest {
        var w: [String] = []
        let m = try Manifest(path: (dir as NSString).appendingPathComponent("MANIFEST.tsv"), warnings: &w)
        #expect(w.isEmpty, "manifest warnings: \(w)")
        return m
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else { throw CorpusError.missingRoot(path) }
        return [UInt8](d)
    }

    /// Differences between a parsed filing's metadata and its manifest row (empty = equal).
    /// Entities from blocks outside the manifest convention (ABS `ISSUING_ENTITY`) are left out.
    static func differences(_ meta: FilingMetadata, _ row: ManifestRow) -> [String] {
        var d: [String] = []
        func cmp(_ name: String, _ got: String?, _ want: String?) {
            if got != want { d.append("\(name): got \(got ?? "nil"), manifest \(want ?? "nil")") }
        }
        cmp("accession", meta.accession, row["accession"])
        cmp("form", meta.formType, row["form"])
        cmp("filed", meta.filed?.iso, row["filed"])
        cmp("period", meta.period?.iso, row["period"])
        var m = meta
        m.entities = meta.entities.filter { !EntityOrder.blocksOutsideManifestConvention.contains($0.block ?? "") }
        let ciks = m.ciks.joined(separator: ","), names = m.companyNames.joined(separator: " | ")
        cmp("ciks", ciks.isEmpty ? nil : ciks, row["ciks"])
        cmp("company", names.isEmpty ? nil : names, row["company"])
        return d
    }
}
