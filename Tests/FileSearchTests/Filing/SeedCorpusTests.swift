import Foundation
import Testing
@testable import FileSearch

/// The embedded `Corpus/` seeds and the real corpus folders, walked and ingested with their manifest rows.
@Suite struct SeedCorpusTests {
    @Test func seedsIngestWithManifestRows() throws {
        let dir = TestCorpus.packageRoot + "/Corpus"
        let manifest = try TestCorpus.manifest(dir)
        let files = try CorpusWalker(roots: [dir]).files()
        #expect(files.map(\.relativePath) == manifest.rows.compactMap { $0["file"] }.sorted())
        for f in files {
            let row = try #require(f.manifest, "\(f.relativePath) has no manifest row")
            let (filing, records) = Ingest.records(fileBytes: try TestCorpus.bytes(f.path), relativePath: f.relativePath, manifest: row)
            #expect(TestCorpus.differences(filing.metadata, row).isEmpty, "\(f.relativePath): \(TestCorpus.differences(filing.metadata, row))")
            #expect(!records.isEmpty && records.allSatisfy { !$0.text.isEmpty })
            for r in records {
                #expect(r.ciks == filing.metadata.ciks && r.formType == row["form"] && r.filed?.iso == row["filed"])
                #expect(r.sourcePath == f.relativePath)
            }
            if row["kind"] == "sgml" {
                // Full submission: the header states everything; the manifest row adds nothing.
                #expect(filing.metadata.provenance["accession"] == .stated && filing.metadata.provenance["entities"] == .stated)
                let bare = FilingParser.parse(try TestCorpus.bytes(f.path), path: f.relativePath, manifest: nil)
                #expect(TestCorpus.differences(bare.metadata, row).isEmpty)
                // Every state and SIC on the records is a value the header states on its own line.
                let text = String(decoding: try TestCorpus.bytes(f.path), as: UTF8.self)
                let r = try #require(records.first)
                #expect(!r.states.isEmpty && !r.sics.isEmpty)
                for st in r.states { #expect(text.contains("STATE OF INCORPORATION:\t\t\t\(st)\n") || text.contains("STATE:\t\t\t\(st)\n"), "\(st)") }
                for sic in r.sics { #expect(text.contains("[\(sic)]\n"), "\(sic)") }
            } else {
                // Text renderings state no header: fields come from the manifest, marked so.
                #expect(filing.metadata.provenance["form"] == .manifest && filing.metadata.provenance["entities"] == .manifest)
                #expect(filing.documents.count == 1 && filing.documents[0].format == .text)
            }
        }
    }

    @Test func walkerOverRealCorpusAttachesEveryRow() throws {
        guard let root = TestCorpus.shared else {
            Issue.record("shared corpus not found: walker test over real files did NOT run")
            return
        }
        var warnings: [String] = []
        let files = try CorpusWalker(roots: [root + "/edgar", root + "/seeds"]).files(warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings)")
        let edgar = try TestCorpus.manifest(root + "/edgar"), seeds = try TestCorpus.manifest(root + "/seeds")
        #expect(files.count == edgar.rows.count + seeds.rows.count)
        #expect(files.allSatisfy { $0.manifest != nil && $0.manifest?["file"] == ($0.relativePath as NSString).lastPathComponent })
        let edgarNames = files.prefix(edgar.rows.count).map(\.relativePath)
        #expect(edgarNames == edgarNames.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
