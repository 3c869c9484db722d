import Foundation
import Testing
@testable import FileSearch

/// `Inspection` (the library side of `filesearch inspect`) agrees with `Ingest` and round-trips as JSON.
@Suite struct InspectionTests {
    @Test func inspectionAgreesWithIngest() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let path = dir + "/sgml__0001213900-25-032135.txt"
        let r = try Inspection.inspect(path: path, tokens: 7)
        let bytes = try TestCorpus.bytes(path)
        let (filing, records) = Ingest.records(fileBytes: bytes, relativePath: path, manifest: nil)
        #expect(r.manifestRow, "the sibling MANIFEST.tsv row is found")
        #expect(r.accession == filing.metadata.accession && r.form == filing.metadata.formType && r.entities == filing.metadata.entities)
        #expect(r.documents.count == filing.documents.count)
        #expect(r.documents.filter(\.skipped).count == filing.documents.filter(\.isSkipped).count)
        #expect(r.documents.filter(\.skipped).allSatisfy { $0.tokens == 0 && $0.textBytes == 0 })
        let live = r.documents.filter { !$0.skipped }
        #expect(live.count == records.count)
        for (d, rec) in zip(live, records) {
            let n = rec.text.withUnsafeBytes { Analyzer(mode: .index).forEachToken(in: $0) { _ in } }
            #expect(d.tokens == Int(n) && d.textBytes == rec.text.count && d.type == rec.documentType)
        }
        var first: [String] = []
        for rec in records {
            rec.text.withUnsafeBytes { raw in _ = Analyzer(mode: .index).forEachToken(in: raw) { t in if !t.isPart { first.append(t.termString) } } }
        }
        #expect(r.firstTokens == Array(first.prefix(7)))
        let data = try JSONEncoder().encode(r)
        let back = try JSONDecoder().decode(Inspection.self, from: data)
        #expect(back.documents.count == r.documents.count && back.filed == r.filed && back.firstTokens == r.firstTokens)
    }

    @Test func missingFileOrDirectoryThrows() {
        #expect(throws: CorpusError.self) { try Inspection.inspect(path: "/nonexistent/file.txt") }
        #expect(throws: CorpusError.self) { try Inspection.inspect(path: TestCorpus.packageRoot + "/Corpus") }
        #expect(throws: CorpusError.self) { try Inspection.expand(["/nonexistent"]) }
    }

    @Test func directoriesExpandToTheirIndexableFiles() throws {
        let dir = TestCorpus.packageRoot + "/Corpus"
        let expanded = try Inspection.expand([dir])
        #expect(expanded.count == (try TestCorpus.manifest(dir)).rows.count)
        #expect(expanded.allSatisfy { !$0.hasSuffix("MANIFEST.tsv") })
    }
}
