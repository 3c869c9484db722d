import Testing
import Foundation
@testable import FileSearch

/// Shared helpers for index tests: corpora, a naive inversion oracle, temp directories.
enum IndexTestSupport {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() } // Index → FileSearchTests → Tests → root
        return url.path
    }()

    /// `<root>/../shared/corpus` or `/work/shared/corpus`, nil when neither exists.
    static var sharedCorpus: String? {
        for p in [packageRoot + "/../shared/corpus", "/work/shared/corpus"] where FileManager.default.fileExists(atPath: p + "/edgar") {
            return p
        }
        return nil
    }

    static func tempDir(_ tag: String) -> String {
        let p = NSTemporaryDirectory() + "fsidx-\(tag)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// Records of every file of `dir` (sorted by name) via `Ingest.records`.
    static func records(inDirectory dir: String) throws -> [DocumentRecord] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "MANIFEST.tsv" && $0 != "README.md" }.sorted()
        var out: [DocumentRecord] = []
        for n in names {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + n)))
            out += Ingest.records(fileBytes: bytes, relativePath: n, manifest: nil).records
        }
        return out
    }

    /// Deterministic synthetic records: enough docs for full 128-doc blocks, varied dates (some undated),
    /// compound tokens, keyword values.
    static func synthetic(count: Int, seed: UInt64 = 42) -> [DocumentRecord] {
        var rng = seed
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        let vocab = ["the", "company", "companies", "warrant", "warrants", "revenue", "revenues", "net", "income", "loss",
                     "10b5-1", "plan", "risk", "factors", "merger", "agreement", "shares", "stock", "option", "options",
                     "2023", "fiscal", "year", "quarter", "ault", "alliance", "bitcoin", "mining", "debt", "notes"]
        let forms = ["10-K", "10-Q", "8-K", "10-K/A", "4"]
        var out: [DocumentRecord] = []
        for i in 0..<count {
            var words: [String] = []
            let n = Int(next() % 300) + 1
            for k in 0..<n {
                // Zipf-ish: low indices much more frequent.
                let r = Int(next() % 1000)
                words.append(vocab[(r * r / 1000) * vocab.count / 1000])
                if k % 17 == 16 { words.append("\n") }
            }
            if i % 7 == 0 { words.append("uniq\(i)") }
            let dated = next() % 10 != 0
            let filed = dated ? FilingDate(daysSinceEpoch: 18000 + Int32(next() % 2000)) : nil
            out.append(DocumentRecord(
                accession: "0000000000-23-\(String(format: "%06d", i / 3))", sourcePath: "syn/\(i / 3).txt", sequence: i % 3 + 1,
                documentType: i % 3 == 0 ? forms[i % forms.count] : "EX-\(i % 5).1", documentFileName: "doc\(i).htm",
                description: i % 2 == 0 ? "Exhibit \(i)" : nil, formType: forms[i % forms.count], filed: filed,
                period: dated ? FilingDate(daysSinceEpoch: filed!.daysSinceEpoch - 30) : nil,
                ciks: ["\(1000 + i % 13)", "0000000042"], companyNames: ["Ault Alliance, Inc.", "Company \(i % 11)"],
                sics: ["\(3000 + i % 4)"], states: ["NV", "de"], text: Array(words.joined(separator: " ").utf8)))
        }
        return out
    }

    /// Naive inversion: the expected content of a single merged index over `records`.
    struct Oracle {
        /// records in final doc order
        var docs: [DocumentRecord] = []
        var lengths: [[UInt32]] = [[], []]
        /// field → term → [(doc, positions)]
        var postings: [[[UInt8]: [(UInt32, [UInt32])]]] = [[:], [:]]

        init(_ records: [DocumentRecord]) {
            let order = records.indices.sorted { a, b in
                let ka = records[a].filed?.daysSinceEpoch ?? Int32.max, kb = records[b].filed?.daysSinceEpoch ?? Int32.max
                return ka != kb ? ka < kb : a < b
            }
            docs = order.map { records[$0] }
            let analyzer = Analyzer(mode: .index)
            for (d, r) in docs.enumerated() {
                for (f, text) in [r.text, r.metaText].enumerated() {
                    var per: [[UInt8]: [UInt32]] = [:]
                    let len = text.withUnsafeBytes { raw in
                        analyzer.forEachToken(in: raw) { t in
                            let k = Array(t.term)
                            if per[k]?.last != t.position { per[k, default: []].append(t.position) }
                        }
                    }
                    lengths[f].append(len)
                    for (t, ps) in per { postings[f][t, default: []].append((UInt32(d), ps)) }
                }
            }
        }
    }

    /// Asserts every stem group of `s` with at least `StemGroupLists.minMembers` members has a list, and
    /// that list is exactly the union of its members' oracle postings (docs, summed freqs), with block-max
    /// data that bounds every doc; groups with fewer members have none.
    static func expectGroupLists(_ s: SegmentReader, _ field: TextField, base: UInt32, terms: [[UInt8]],
                                 _ expected: [[UInt8]: [(UInt32, [UInt32])]]) throws {
        var byStem: [[UInt8]: [[UInt8]]] = [:]
        for t in terms { byStem[Stemmer.stem(t), default: []].append(t) }
        var lists = 0
        for (stem, members) in byStem {
            let (entries, list) = s.stemGroup(field, stem: stem)
            #expect(entries.map(\.term) == members)
            guard members.count >= StemGroupLists.minMembers else {
                #expect(list == nil, "single-term group \(String(decoding: stem, as: UTF8.self)) has a list")
                continue
            }
            guard let list else { Issue.record("group \(String(decoding: stem, as: UTF8.self)) has no list"); continue }
            lists += 1
            var union: [UInt32: UInt32] = [:]
            for m in members {
                for (d, ps) in expected[m] ?? [] where d >= base && d < base + s.docCount { union[d - base, default: 0] += UInt32(ps.count) }
            }
            var c = s.postings(field, list: list)
            #expect(c.docFreq == union.count)
            for d in union.keys.sorted() {
                #expect(c.doc == d)
                #expect(c.freq == union[d])
                _ = c.shallowAdvance(to: d)
                #expect(c.blockMaxFreq >= union[d]! && c.blockMinLength <= s.docLength(d, field))
                c.next()
            }
            #expect(c.doc == UInt32.max)
        }
        #expect(lists == byStem.values.filter { $0.count >= StemGroupLists.minMembers }.count)
    }

    /// Asserts `reader` (one or more segments, global doc ids) holds exactly `oracle`'s content.
    static func assertEqual(_ reader: IndexReader, _ oracle: Oracle, checkStore: Bool = true) throws {
        #expect(reader.documentCount == oracle.docs.count)
        // Map global docs to segments.
        func seg(_ g: Int) -> (SegmentReader, UInt32) { reader.locate(UInt32(g))! }
        for (g, r) in oracle.docs.enumerated() {
            let (s, l) = seg(g)
            #expect(s.docLength(l, .body) == oracle.lengths[0][g])
            #expect(s.docLength(l, .meta) == oracle.lengths[1][g])
            #expect(s.filed(l) == r.filed?.daysSinceEpoch)
            #expect(s.period(l) == r.period?.daysSinceEpoch)
            #expect(s.formType(l) == r.formType.flatMap { KeywordNormalizer.normalize(.form, $0) })
            if checkStore {
                let sd = try s.storedDocumentChecked(l)
                #expect(sd.record == r, "stored document \(g) differs")
                var f = try s.storedFieldsChecked(l); f.text = r.text
                #expect(f.record == r)
            }
            for kf in KeywordField.allCases {
                for v in KeywordNormalizer.values(kf, of: StoredDocument(r)) {
                    #expect(s.keywordDocs(kf, v).contains(l), "keyword \(kf) \(v) misses doc \(g)")
                }
            }
        }
        var scratch: [UInt32] = []
        for field in TextField.allCases {
            let expected = oracle.postings[Int(field.rawValue)]
            var seen = 0
            for (si, s) in reader.segments.enumerated() {
                let base = reader.docBases[si]
                var all: [[UInt8]] = []
                try s.forEachTerm(field) { t, _ in all.append(t) }
                #expect(all == all.sorted { $0.lexicographicallyPrecedes($1) })
                #expect(s.terms(field, prefix: [], limit: Int.max) == all)
                for t in all {
                    let exp = expected[t]?.filter { $0.0 >= base && $0.0 < base + s.docCount } ?? []
                    #expect(!exp.isEmpty, "unexpected term \(String(decoding: t, as: UTF8.self))")
                    let st = s.termStats(field, t)
                    #expect(st?.docFreq == exp.count)
                    #expect(st?.totalTermFreq == exp.reduce(0) { $0 + $1.1.count })
                    guard var c = s.postings(field, t, positions: true) else { Issue.record("no postings"); continue }
                    #expect(c.docFreq == exp.count)
                    for (d, ps) in exp {
                        #expect(c.doc == d - base)
                        #expect(c.freq == UInt32(ps.count))
                        c.positions(into: &scratch)
                        #expect(scratch == ps)
                        c.next()
                    }
                    #expect(c.doc == UInt32.max)
                    // stems: t is found through its stem, and every returned term has that stem
                    let stem = Stemmer.stem(t)
                    let group = s.terms(field, stem: stem)
                    #expect(group.contains(t), "stem group of \(String(decoding: t, as: UTF8.self)) misses it")
                    for g in group { #expect(Stemmer.stem(g) == stem) }
                    seen += exp.count
                }
                try expectGroupLists(s, field, base: base, terms: all, expected)
            }
            #expect(seen == expected.values.reduce(0) { $0 + $1.count })
        }
    }
}
