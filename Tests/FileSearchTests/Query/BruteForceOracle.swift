import Foundation
@testable import FileSearch

/// An independent, naive evaluator of `QueryNode`s over tokenized records: the reference the
/// engine is compared with. Scores follow the documented formula (see `BM25Parameters`)
/// computed directly from token lists, with no index structures.
final class BruteForceOracle {
    struct Doc {
        var record: DocumentRecord
        /// Per field (0 body, 1 meta): term → ascending positions.
        var postings: [[String: [Int]]]
        var lengths: [Int]
        /// Body position → the whole (non-part) token there.
        var primaryAt: [Int: String]
    }

    let docs: [Doc]
    let params: BM25Parameters
    /// Per field: term → document frequency.
    let df: [[String: Int]]
    let avgdl: [Double]

    init(_ records: [DocumentRecord], params: BM25Parameters = BM25Parameters()) {
        self.params = params
        let analyzer = Analyzer(mode: .index)
        var docs: [Doc] = []
        var df: [[String: Int]] = [[:], [:]]
        var total = [0, 0]
        for r in records {
            var postings: [[String: [Int]]] = [[:], [:]]
            var lengths = [0, 0]
            var primaryAt: [Int: String] = [:]
            for (f, text) in [r.text, r.metaText].enumerated() {
                var bytes = text
                let n = bytes.withUnsafeMutableBytes { raw in
                    analyzer.forEachToken(in: UnsafeRawBufferPointer(raw)) { t in
                        postings[f][t.termString, default: []].append(Int(t.position))
                        if f == 0 && !t.isPart { primaryAt[Int(t.position)] = t.termString }
                    }
                }
                lengths[f] = Int(n)
                total[f] += Int(n)
                for t in postings[f].keys { df[f][t, default: 0] += 1 }
            }
            docs.append(Doc(record: r, postings: postings, lengths: lengths, primaryAt: primaryAt))
        }
        self.docs = docs
        self.df = df
        avgdl = total.map { docs.isEmpty ? 0 : Double($0) / Double(docs.count) }
    }

    /// Per field: stem → vocabulary terms with that stem (computed once by scanning the vocabulary).
    private lazy var byStem: [[[UInt8]: [String]]] = df.map { vocab in
        var m: [[UInt8]: [String]] = [:]
        for t in vocab.keys { m[Stemmer.stem(Array(t.utf8)), default: []].append(t) }
        return m
    }
    private struct Key: Hashable { var q: String; var prefix: Bool; var exact: Bool; var f: Int }
    private var memberCache: [Key: [String]] = [:]

    /// The indexed terms a query word stands for in field `f` (a scan of the vocabulary).
    func members(_ q: String, prefix: Bool, exact: Bool, _ f: Int) -> [String] {
        let key = Key(q: q, prefix: prefix, exact: exact, f: f)
        if let m = memberCache[key] { return m }
        let m: [String]
        if exact && !prefix { m = df[f][q] != nil ? [q] : [] }
        else if prefix { m = df[f].keys.filter { $0.utf8.starts(with: q.utf8) } }
        else { m = byStem[f][Stemmer.stem(Array(q.utf8))] ?? [] }
        memberCache[key] = m
        return m
    }

    func idf(_ q: String, prefix: Bool, exact: Bool, _ f: Int) -> Double {
        let m = members(q, prefix: prefix, exact: exact, f).map { df[f][$0]! }.max() ?? 0
        guard m > 0 else { return 0 }
        let N = Double(docs.count), d = Double(m)
        return Foundation.log(1 + (N - d + 0.5) / (d + 0.5))
    }

    func bm25(_ f: Int, idf: Double, tf: Int, dl: Int) -> Double {
        let w = f == 0 ? 1 : params.metaWeight
        let tf = Double(tf)
        return w * idf * tf * (params.k1 + 1) / (tf + params.k1 * (1 - params.b + params.b * Double(dl) / avgdl[f]))
    }

    /// Score of `node` for doc `d`, or nil when it does not match.
    func eval(_ node: QueryNode, _ d: Int, root: Bool = true) -> Double? {
        let doc = docs[d]
        switch node {
        case let .term(q, prefix, exact):
            var s = 0.0, matched = false
            for f in 0..<2 {
                let tf = members(q, prefix: prefix, exact: exact, f).reduce(0) { $0 + (doc.postings[f][$1]?.count ?? 0) }
                if tf > 0 { matched = true; s += bm25(f, idf: idf(q, prefix: prefix, exact: exact, f), tf: tf, dl: doc.lengths[f]) }
            }
            return matched ? s : nil
        case let .phrase(ws, slop, exact):
            return phraseScore(ws, slop: slop, exact: exact, d, boost: 1)
        case let .and(cs):
            var s = 0.0
            for c in cs {
                if case let .not(x) = c {
                    if eval(x, d, root: false) != nil { return nil }
                } else {
                    guard let v = eval(c, d, root: false) else { return nil }
                    s += v
                }
            }
            if root && params.proximityBoost > 0 {
                var words: [String] = [], exacts: [Bool] = []
                for c in cs { if case let .term(t, false, e) = c { words.append(t); exacts.append(e) } }
                if words.count >= 2 {
                    // The engine builds one phrase; exactness is per word.
                    s += phraseScoreMixed(words, exacts, d, boost: params.proximityBoost) ?? 0
                }
            }
            return s
        case let .or(cs):
            var s = 0.0, matched = false
            for c in cs { if let v = eval(c, d, root: false) { matched = true; s += v } }
            return matched ? s : nil
        case let .not(x):
            return eval(x, d, root: false) == nil ? 0 : nil
        case let .filter(f):
            return passes(f, doc.record) ? 0 : nil
        case .all:
            return 0
        }
    }

    func phraseScore(_ ws: [String], slop: Int, exact: Bool, _ d: Int, boost: Double) -> Double? {
        phraseScoreMixed(ws, ws.map { _ in exact }, d, boost: boost, slop: slop)
    }

    func phraseScoreMixed(_ ws: [String], _ exacts: [Bool], _ d: Int, boost: Double, slop: Int = 0) -> Double? {
        let doc = docs[d]
        var s = 0.0, matched = false
        for f in 0..<2 {
            let lists: [Set<Int>] = ws.indices.map { i in
                Set(members(ws[i], prefix: false, exact: exacts[i], f).flatMap { doc.postings[f][$0] ?? [] })
            }
            let count = Self.phraseCount(lists, slop: slop)
            if count > 0 {
                matched = true
                let idf = ws.indices.reduce(0.0) { $0 + self.idf(ws[$1], prefix: false, exact: exacts[$1], f) }
                s += boost * bm25(f, idf: idf, tf: count, dl: doc.lengths[f])
            }
        }
        return matched ? s : nil
    }

    /// Phrase matches, straight from the definition.
    static func phraseCount(_ lists: [Set<Int>], slop: Int) -> Int {
        let n = lists.count
        var count = 0
        for p in lists[0] {
            var ok = true
            for i in 1..<n {
                if slop == 0 {
                    if !lists[i].contains(p + i) { ok = false; break }
                } else {
                    let w = n - 1 + slop
                    if !lists[i].contains(where: { $0 != p && abs($0 - p) <= w }) { ok = false; break }
                }
            }
            if ok { count += 1 }
        }
        return count
    }

    func passes(_ f: FieldFilter, _ r: DocumentRecord) -> Bool {
        let stored = StoredDocument(r)
        func has(_ field: KeywordField, _ v: String) -> Bool {
            KeywordNormalizer.values(field, of: stored).contains(KeywordNormalizer.normalize(field, v) ?? "\u{0}")
        }
        switch f {
        case let .form(vs): return vs.contains { has(.form, $0) }
        case let .cik(v): return has(.cik, v)
        case let .documentType(v): return has(.documentType, v)
        case let .sic(v): return has(.sic, v)
        case let .state(v): return has(.state, v)
        case let .accession(v): return has(.accession, v)
        case let .filed(range): return r.filed.map(range.contains) ?? false
        case let .period(range): return r.period.map(range.contains) ?? false
        case let .company(ws):
            let a = Analyzer(mode: .query)
            return r.companyNames.contains { name in
                let ts = a.terms(name)
                return ts.count >= ws.count && (0...(ts.count - ws.count)).contains { Array(ts[$0 ..< $0 + ws.count]) == ws }
            }
        }
    }
}
