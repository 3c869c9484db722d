import Foundation
import Testing
@testable import FileSearch

/// Documents of the real SGML submissions, checked against a naive line-based oracle.
@Suite struct DocumentStructureTests {
    /// Naive oracle: split on newlines/CRs, collect `<TYPE>`/`<FILENAME>` tag lines per `<DOCUMENT>`,
    /// and whether the first body line after `<TEXT>` (past `<XBRL>`/`<XML>`/`<PDF>` wrappers) is `begin NNN `.
    struct OracleDoc { var type: String?; var filename: String?; var uuencoded = false }
    static func oracle(_ bytes: [UInt8]) -> [OracleDoc] {
        let text = String(decoding: bytes, as: UTF8.self)
        var docs: [OracleDoc] = []
        var afterText = false
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "<DOCUMENT>" { docs.append(OracleDoc()); afterText = false; continue }
            guard !docs.isEmpty else { continue }
            if afterText {
                if line.isEmpty || ["<XBRL>", "<XML>", "<PDF>"].contains(line.uppercased()) { continue }
                let p = line.split(separator: " ")
                docs[docs.count - 1].uuencoded = p.count >= 3 && p[0] == "begin" && p[1].count == 3 && p[1].allSatisfy { ("0"..."7").contains($0) }
                afterText = false
                continue
            }
            if line.hasPrefix("<TYPE>"), docs[docs.count - 1].type == nil { docs[docs.count - 1].type = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("<FILENAME>") { docs[docs.count - 1].filename = String(line.dropFirst(10)).trimmingCharacters(in: .whitespaces) }
            if line == "<TEXT>" { afterText = true }
        }
        return docs
    }

    @Test func documentsMatchOracleAndSkipUuencoded() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let manifest = try TestCorpus.manifest(dir)
        var skippedTotal = 0
        for row in manifest.rows where row["kind"] == "sgml" {
            let name = try #require(row["file"])
            let bytes = try TestCorpus.bytes(dir + "/" + name)
            let filing = FilingParser.parse(bytes, path: name, manifest: nil)
            let want = Self.oracle(bytes)
            #expect(filing.documents.count == want.count, "\(name): \(filing.documents.count) documents, oracle \(want.count)")
            for (d, w) in zip(filing.documents, want) {
                #expect(d.type == w.type && d.filename == w.filename, "\(name): \(String(describing: d.type)) \(String(describing: d.filename)) vs \(String(describing: w.type)) \(String(describing: w.filename))")
                if w.uuencoded { #expect(d.format == .uuencoded && d.isSkipped, "\(name) \(w.filename ?? "?"): uuencoded body not skipped (\(d.format))") }
                else { #expect(!d.isSkipped, "\(name) \(w.filename ?? "?"): text body skipped as \(d.format)") }
            }
            #expect(filing.warnings.isEmpty, "\(name): \(filing.warnings)")
            skippedTotal += filing.documents.filter(\.isSkipped).count
            // Records: one per non-skipped document, none for skipped ones.
            let (_, records) = Ingest.records(fileBytes: bytes, relativePath: name, manifest: nil)
            #expect(records.count == filing.documents.filter { !$0.isSkipped }.count)
        }
        #expect(skippedTotal > 0, "the corpus has GRAPHIC/EXCEL/ZIP uuencoded documents; none were skipped")
    }

    @Test func bodiesAreInsideTextTags() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let bytes = try TestCorpus.bytes(dir + "/sgml__0001127602-25-001055.txt")
        let filing = FilingParser.parse(bytes, path: "x", manifest: nil)
        let doc = try #require(filing.documents.first)
        let body = String(decoding: bytes[doc.body], as: UTF8.self)
        #expect(body.hasPrefix("<XML>"), "body starts right after <TEXT>: \(body.prefix(20))")
        #expect(body.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</XML>"), "body ends before </TEXT>")
        #expect(doc.format == .xml && doc.sequence == 1 && doc.description == "PRIMARY DOCUMENT")
        #expect(filing.documents[1].format == .html)
    }

    @Test func formatsOfKnownDocumentKinds() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let bytes = try TestCorpus.bytes(dir + "/sgml__0000943374-24-000509.txt")
        let filing = FilingParser.parse(bytes, path: "x", manifest: nil)
        for d in filing.documents {
            let ext = FormatDetector.fileExtension(d.filename ?? "")
            switch ext {
            case "htm": #expect(d.format == .html, "\(d.filename ?? "nil")")
            case "xml", "xsd": #expect(d.format == .xml, "\(d.filename ?? "nil")")
            case "xlsx", "zip": #expect(d.format == .uuencoded, "\(d.filename ?? "nil")")
            case "js", "css", "json": #expect(d.format == .text, "\(d.filename ?? "nil")")
            default: Issue.record("unexpected file \(d.filename ?? "nil")")
            }
        }
    }
}
