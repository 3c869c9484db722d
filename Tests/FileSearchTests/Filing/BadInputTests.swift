import Foundation
import Testing
@testable import FileSearch

/// Damaged and hostile input: no crash, no hang (linear scans), a clear warning, readable text kept.
@Suite struct BadInputTests {
    static func sgml(header: String, docs: [String]) -> [UInt8] {
        var s = "<SEC-DOCUMENT>x.txt : 20250101\n<SEC-HEADER>x.hdr.sgml : 20250101\n" + header + "</SEC-HEADER>\n"
        for d in docs { s += d }
        return Array(s.utf8)
    }
    static let goodHeader = "ACCESSION NUMBER:\t\t0000000001-25-000001\nCONFORMED SUBMISSION TYPE:\t8-K\nFILED AS OF DATE:\t\t20250102\n\nFILER:\n\n\tCOMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\t\t\tACME CORP\n\t\tCENTRAL INDEX KEY:\t\t\t1234\n"

    static func text(_ r: DocumentRecord) -> String { String(decoding: r.text, as: UTF8.self) }

    @Test func truncatedRealSubmissionKeepsHeaderAndReadableText() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let name = "sgml__0001127602-25-001055.txt"
        let full = try TestCorpus.bytes(dir + "/" + name)
        let row = try #require(try TestCorpus.manifest(dir).byFile[name])
        // Cut inside the second document (the EX-24 power of attorney), well before its </DOCUMENT>.
        let fullDocs = FilingParser.parse(full, path: name, manifest: nil).documents
        let cut = fullDocs[1].body.lowerBound + fullDocs[1].body.count / 2
        let truncated = Array(full[..<cut])
        let (filing, records) = Ingest.records(fileBytes: truncated, relativePath: name, manifest: nil)
        #expect(TestCorpus.differences(filing.metadata, row).isEmpty)
        #expect(filing.documents.count == 2)
        #expect(filing.warnings.contains { $0.contains("no </DOCUMENT>") }, "\(filing.warnings)")
        #expect(records.count == 2)
        #expect(records.count == 2 && !records[1].text.isEmpty, "the truncated document's readable part is still extracted")
    }

    @Test func missingHeaderFieldsAreReportedNotInvented() {
        let bytes = Self.sgml(header: "FILER:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\tnot-a-cik\n\t\tCOMPANY CONFORMED NAME:\tACME CORP\n",
                              docs: ["<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nhello world\n</TEXT>\n</DOCUMENT>\n"])
        let (filing, records) = Ingest.records(fileBytes: bytes, relativePath: "m.txt", manifest: nil)
        let m = filing.metadata
        #expect(m.accession == nil && m.formType == nil && m.filed == nil && m.period == nil)
        #expect(m.entities.count == 1 && m.entities[0].cik == nil && m.entities[0].name == "ACME CORP")
        for w in ["ACCESSION NUMBER", "submission type", "filing date", "not-a-cik"] {
            #expect(filing.warnings.contains { $0.contains(w) }, "no warning mentioning \(w): \(filing.warnings)")
        }
        #expect(records.count == 1 && Self.text(records[0]).contains("hello world"))
    }

    @Test func nulBytesDoNotHideText() {
        var bytes = Self.sgml(header: Self.goodHeader, docs: ["<DOCUMENT>\n<TYPE>8-K\n<TEXT>\nalpha\u{0}\u{0}beta gamma\n</TEXT>\n</DOCUMENT>\n"])
        bytes.insert(0, at: 5) // a NUL inside the <SEC-DOCUMENT> line, too
        let (filing, records) = Ingest.records(fileBytes: bytes, relativePath: "n.txt", manifest: nil)
        #expect(filing.metadata.accession == "0000000001-25-000001")
        #expect(filing.metadata.ciks == ["0000001234"])
        #expect(filing.warnings.contains { $0.contains("NUL") }, "\(filing.warnings)")
        #expect(records.count == 1)
        let t = Self.text(records[0])
        #expect(t.contains("alpha") && t.contains("beta gamma"), "\(t)")
    }

    /// 100 MB without a single line break, as a standalone file, an SGML body and an SGML "header".
    /// Every scan is forward-only, so this is linear (no timing assertion by design).
    @Test func single100MBLine() {
        let unit = Array("lorem <b>ipsum</b> dolor ".utf8)
        var line: [UInt8] = []
        line.reserveCapacity(100 << 20)
        while line.count < 100 << 20 { line += unit }
        let standalone = FilingParser.parse(line, path: "big.htm", manifest: nil)
        #expect(standalone.documents.count == 1 && standalone.documents[0].body.count == line.count)
        #expect(standalone.documents[0].format == .html)

        var sgml = Array("<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: 0000000001-25-000002\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\n".utf8)
        sgml += line
        let s = FilingParser.parse(sgml, path: "big.txt", manifest: nil)
        #expect(s.metadata.accession == "0000000001-25-000002")
        #expect(s.documents.count == 1 && s.documents[0].body.count == line.count)
        #expect(s.warnings.contains { $0.contains("no </DOCUMENT>") })

        var header = Array("<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: ".utf8)
        header += line
        let h = FilingParser.parse(header, path: "bighdr.txt", manifest: nil)
        let noAccession = h.metadata.accession == nil
        #expect(noAccession) // the "value" is 100 MB of junk: not an accession, header cut at 4 MiB
        #expect(h.warnings.contains { $0.contains("header longer") }, "\(h.warnings)")
    }

    @Test func unterminatedCommentsAndTags() {
        let docs = ["<DOCUMENT>\n<TYPE>EX-1\n<TEXT>\n<html><body><p>before comment</p><!-- never closed\n</TEXT>\n</DOCUMENT>\n",
                    "<DOCUMENT>\n<TYPE>EX-2\n<TEXT>\n<html><body><p>before tag</p><div class=\"open\n</TEXT>\n</DOCUMENT>\n",
                    "<DOCUMENT>\n<TYPE>EX-3\n<TEXT>\n<html><body><p>third doc</p>\n</TEXT>\n</DOCUMENT>\n"]
        let (filing, records) = Ingest.records(fileBytes: Self.sgml(header: Self.goodHeader, docs: docs), relativePath: "u.txt", manifest: nil)
        #expect(filing.documents.count == 3, "an unterminated comment in one document must not swallow the next")
        #expect(filing.documents.allSatisfy { $0.format == .html })
        #expect(records.count == 3)
        #expect(records.count == 3 && Self.text(records[0]).contains("before comment") && Self.text(records[1]).contains("before tag") && Self.text(records[2]).contains("third doc"))
        let standalone = Ingest.records(fileBytes: Array("<p>kept words</p><!-- open <div attr=\"".utf8), relativePath: "s.htm", manifest: nil)
        #expect(standalone.records.count == 1 && Self.text(standalone.records[0]).contains("kept words"))
    }

    @Test func deeplyNestedMarkup() {
        let depth = 200_000
        var s = String(repeating: "<div><span>", count: depth) + "deep text" + String(repeating: "</span></div>", count: depth)
        s = "<html><body>" + s + "</body></html>"
        let (filing, records) = Ingest.records(fileBytes: Array(s.utf8), relativePath: "deep.html", manifest: nil)
        #expect(filing.documents.count == 1 && filing.documents[0].format == .html)
        #expect(records.count == 1 && Self.text(records[0]).contains("deep text"))
    }

    @Test func zeroByteFile() {
        let (filing, records) = Ingest.records(fileBytes: [], relativePath: "empty.txt", manifest: nil)
        #expect(filing.documents.isEmpty && records.isEmpty)
        #expect(filing.warnings.contains { $0.contains("empty file") })
    }

    /// Deterministic pseudo-random bytes (SplitMix64), so a failure reproduces.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15 // wrapping by design (SplitMix64)
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9 // wrapping by design
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB // wrapping by design
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: 1...20)
    func binaryGarbageIsCountedNotIndexed(seed: UInt64) {
        var g = SplitMix64(state: seed)
        let junk = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &g) }
        let (filing, records) = Ingest.records(fileBytes: junk, relativePath: "junk.txt", manifest: nil)
        #expect(filing.documents.count == 1 && filing.documents[0].isSkipped)
        #expect(records.isEmpty)
        #expect(filing.warnings.contains { $0.contains("not text") }, "\(filing.warnings)")
    }

    /// Subdirectories are walked on several threads; a directory two of them reach (a link from one into
    /// the other) belongs to the one the byte-order walk reaches first, as in a one-thread walk.
    @Test func parallelWalkKeepsTheSequentialOrderOfSharedDirectories() throws {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "walk-shared-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? fm.removeItem(atPath: root) }
        for d in ["/a/deep", "/b", "/c/d/e", "/z"] { try fm.createDirectory(atPath: root + d, withIntermediateDirectories: true) }
        for p in ["/a/deep/x.txt", "/b/y.txt", "/c/d/e/w.htm", "/z/v.xml", "/top.nc"] { fm.createFile(atPath: root + p, contents: Data("words".utf8)) }
        try fm.createSymbolicLink(atPath: root + "/b/link", withDestinationPath: root + "/a/deep") // reached from a and from b
        try fm.createSymbolicLink(atPath: root + "/z/up", withDestinationPath: root + "/c") // a top-level directory, by another path
        var warnings: [String] = []
        let found = try CorpusWalker(roots: [root]).files(warnings: &warnings)
        #expect(found.map(\.relativePath) == ["a/deep/x.txt", "b/y.txt", "c/d/e/w.htm", "top.nc", "z/v.xml"])
        #expect(warnings.contains { $0.hasPrefix("b/link:") && $0.contains("already walked") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("z/up:") && $0.contains("already walked") }, "\(warnings)")
        #expect(warnings.count == 2, "\(warnings)")
    }

    @Test func directoryOfMixedJunk() throws {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "filing-junk-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? fm.removeItem(atPath: root) }
        for d in ["", "/empty", "/sub/deeper", "/.hidden"] { try fm.createDirectory(atPath: root + d, withIntermediateDirectories: true) }
        var g = SystemRandomNumberGenerator()
        let junk = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &g) })
        let files: [(String, Data)] = [
            ("/garbage.txt", junk), ("/tool.exe", junk), ("/zero.nc", Data()), ("/.secret.txt", Data("x".utf8)),
            ("/.hidden/inside.txt", Data("x".utf8)), ("/sub/Page.HTM", Data("<p>upper case ext</p>".utf8)),
            ("/sub/deeper/a.xml", Data("<?xml version=\"1.0\"?><r><v>xml words</v></r>".utf8)),
            ("/sub/notes.md", Data("# no".utf8)), ("/b.txt", Data("plain words here".utf8)),
            ("/MANIFEST.tsv", Data("file\tkind\tform\nb.txt\ttext\t8-K\n".utf8)),
        ]
        for (p, d) in files { fm.createFile(atPath: root + p, contents: d) }
        try fm.createSymbolicLink(atPath: root + "/sub/loop", withDestinationPath: root) // a directory cycle must not hang the walk
        try fm.createSymbolicLink(atPath: root + "/sub/link.txt", withDestinationPath: root + "/b.txt") // a link to a file is followed
        try fm.createSymbolicLink(atPath: root + "/sub/dangling.txt", withDestinationPath: root + "/gone.txt")
        var warnings: [String] = []
        let found = try CorpusWalker(roots: [root]).files(warnings: &warnings)
        #expect(found.map(\.relativePath) == ["b.txt", "garbage.txt", "sub/Page.HTM", "sub/deeper/a.xml", "sub/link.txt", "zero.nc"])
        #expect(found.allSatisfy { $0.size != nil && $0.size == FileOps.fileSize($0.path) }, "the walker reports each file's size")
        #expect(found.first { $0.relativePath == "sub/link.txt" }?.size == 16)
        #expect(warnings.contains { $0.contains("sub/dangling.txt") && $0.contains("broken link") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("symlink loop") }, "\(warnings)")
        #expect(found.first { $0.relativePath == "b.txt" }?.manifest?["form"] == "8-K")
        #expect(found.filter { $0.relativePath != "b.txt" }.allSatisfy { $0.manifest == nil })
        var texts: [String: String] = [:]
        for f in found {
            let bytes = try TestCorpus.bytes(f.path)
            let (filing, records) = Ingest.records(fileBytes: bytes, relativePath: f.relativePath, manifest: f.manifest)
            texts[f.relativePath] = records.map { String(decoding: $0.text, as: UTF8.self) }.joined()
            if f.relativePath == "garbage.txt" || f.relativePath == "zero.nc" { #expect(!filing.warnings.isEmpty, "\(f.relativePath): no warning") }
            if f.relativePath == "b.txt" { #expect(filing.metadata.formType == "8-K" && filing.metadata.provenance["form"] == .manifest) }
        }
        #expect(texts["b.txt"]?.contains("plain words here") == true)
        #expect(texts["sub/Page.HTM"]?.contains("upper case ext") == true)
        #expect(texts["sub/deeper/a.xml"]?.contains("xml words") == true)
        #expect(throws: CorpusError.self) { try CorpusWalker(roots: [root + "/does-not-exist"]).files() }
    }
}
