import FileSearch

/// Brute-force reference: scans the analyzed records to answer a `QueryNode`, independently of SQLite.
///
/// Semantics (the contract both backends implement): a non-exact term matches every indexed term with
/// the same `Stemmer.stem`; a prefix term every indexed term starting with it; a phrase consecutive
/// positions inside one field; proximity `slop = k` some occurrence of each term with
/// `max position - min position <= k + 1` inside one field; filters compare normalized field values;
/// `company:` is a phrase inside one entity name.
struct Oracle {
    /// Per record, per field (0 body, 1 meta): term → ascending positions (parts included).
    let fields: [[[String: [UInt32]]]]
    let records: [DocumentRecord]
    let stems: [String: Set<String>]
    let allTerms: [String]

    init(_ records: [DocumentRecord]) {
        self.records = records
        var fields: [[[String: [UInt32]]]] = []
        var vocab = Set<String>()
        let analyzer = Analyzer(mode: .index)
        for r in records {
            var perField: [[String: [UInt32]]] = []
            for text in [r.text, Oracle.meta(r)] {
                var m: [String: [UInt32]] = [:]
                _ = text.withUnsafeBytes { raw in
                    analyzer.forEachToken(in: raw) { t in m[t.termString, default: []].append(t.position) }
                }
                vocab.formUnion(m.keys)
                perField.append(m)
            }
            fields.append(perField)
        }
        self.fields = fields
        var stems: [String: Set<String>] = [:]
        for t in vocab { stems[String(decoding: Stemmer.stem(Array(t.utf8)), as: UTF8.self), default: []].insert(t) }
        self.stems = stems
        self.allTerms = vocab.sorted()
    }

    static func meta(_ r: DocumentRecord) -> [UInt8] {
        var parts = r.companyNames
        if let d = r.description { parts.append(d) }
        if let t = r.documentType { parts.append(t) }
        if let f = r.documentFileName { parts.append(f) }
        return Array(parts.joined(separator: "\n").utf8)
    }

    /// The record keys matching `q`.
    func keys(_ q: QueryNode) -> Set<String> { Set(matches(q).map { records[$0].key }) }

    func matches(_ q: QueryNode) -> Set<Int> {
        let all = Set(records.indices)
        switch q {
        case .all: return all
        case let .and(cs): return cs.reduce(all) { $0.intersection(matches($1)) }
        case let .or(cs): return cs.reduce(Set<Int>()) { $0.union(matches($1)) }
        case let .not(c): return all.subtracting(matches(c))
        case let .filter(f): return Set(records.indices.filter { filter(f, records[$0]) })
        case let .term(t, prefix, exact):
            let toks = queryTerms(t)
            if prefix && toks.count > 1 {
                // `a-b*`: phrase of the exact leading tokens, last position any term with the prefix.
                let groups: [Set<String>] = toks.dropLast().map { [$0] } + [prefixGroup(t)]
                return Set(records.indices.filter { i in fields[i].contains { f in
                    let lists = groups.map { g in g.flatMap { f[$0] ?? [] }.sorted() }
                    return !lists.contains(where: \.isEmpty) && phraseMatch(lists)
                } })
            }
            if !prefix && toks.count != 1 { return matches(.phrase(toks, slop: 0, exact: true)) }
            let g = prefix ? prefixGroup(t) : group(t, exact: exact)
            return Set(records.indices.filter { i in fields[i].contains { f in g.contains { f[$0] != nil } } })
        case let .phrase(ts, slop, exact):
            let groups: [Set<String>] = ts.flatMap { el -> [Set<String>] in
                let toks = queryTerms(el)
                return toks.count == 1 ? [group(el, exact: exact)] : toks.map { [$0] }
            }
            guard !groups.isEmpty else { return [] }
            return Set(records.indices.filter { i in fields[i].contains { f in
                let lists = groups.map { g in g.flatMap { f[$0] ?? [] }.sorted() }
                if lists.contains(where: \.isEmpty) { return false }
                return slop <= 0 || groups.count == 1 ? phraseMatch(lists) : nearMatch(lists, slop)
            } })
        }
    }

    /// A query string re-analyzed in query mode (what FTS5's tokenizer sees inside the quotes).
    func queryTerms(_ s: String) -> [String] { Analyzer(mode: .query).terms(s) }

    func group(_ t: String, exact: Bool) -> Set<String> {
        let terms = queryTerms(t)
        guard terms.count == 1, let term = terms.first else { return Set(terms) } // multi-token: caller treats as phrase
        if exact { return [term] }
        return stems[String(decoding: Stemmer.stem(Array(term.utf8)), as: UTF8.self), default: []].union([term])
    }

    func prefixGroup(_ t: String) -> Set<String> {
        guard let p = queryTerms(t).last else { return [] }
        return Set(allTerms.filter { $0.hasPrefix(p) })
    }

    func phraseMatch(_ lists: [[UInt32]]) -> Bool {
        let rest = lists.dropFirst().map(Set.init)
        return lists[0].contains { p in rest.enumerated().allSatisfy { $1.contains(p + UInt32($0 + 1)) } }
    }

    func nearMatch(_ lists: [[UInt32]], _ k: Int) -> Bool {
        // Some window [lo, lo + k + 1] containing one occurrence of every list.
        let starts = Set(lists.flatMap { $0 })
        return starts.contains { lo in lists.allSatisfy { l in l.contains { $0 >= lo && Int($0) - Int(lo) <= k + 1 } } }
    }

    func filter(_ f: FieldFilter, _ r: DocumentRecord) -> Bool {
        func key(_ s: String) -> String { s.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
        switch f {
        case let .form(v): return r.formType.map { ft in v.contains { key($0) == key(ft) } } ?? false
        case let .cik(c): return r.ciks.contains(CIK.normalize(c) ?? c)
        case let .filed(range): return r.filed.map(range.contains) ?? false
        case let .period(range): return r.period.map(range.contains) ?? false
        case let .documentType(t): return r.documentType.map { key($0) == key(t) } ?? false
        case let .sic(s): return r.sics.contains(s)
        case let .state(s): return r.states.map(key).contains(key(s))
        case let .accession(a): return r.accession == a
        case let .company(terms):
            return r.companyNames.contains { name in
                var m: [String: [UInt32]] = [:]
                var bytes = Array(name.utf8)
                _ = bytes.withUnsafeMutableBytes { raw in Analyzer(mode: .index).forEachToken(in: UnsafeRawBufferPointer(raw)) { m[$0.termString, default: []].append($0.position) } }
                let lists = terms.flatMap { queryTerms($0) }.map { m[$0] ?? [] }
                return !lists.contains(where: \.isEmpty) && phraseMatch(lists)
            }
        }
    }
}
