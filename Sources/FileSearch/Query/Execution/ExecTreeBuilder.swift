/// Builds the per-segment `ExecNode` tree of a `QueryNode`.
struct ExecTreeBuilder {
    let ctx: SegmentContext

    /// The root node. The root conjunction gets the proximity-bonus clause.
    func build(_ node: QueryNode) -> ExecNode { build(node, root: true) }

    private func build(_ node: QueryNode, root: Bool) -> ExecNode {
        switch node {
        case let .term(t, prefix, exact):
            return TermNode(ctx: ctx, key: TermGroupKey(t, prefix: prefix, exact: exact), label: node.description) ?? EmptyNode()
        case let .phrase(ts, slop, exact):
            let keys = ts.map { TermGroupKey($0, prefix: false, exact: exact) }
            return PhraseNode(ctx: ctx, keys: keys, slop: slop, boost: 1, label: node.description) ?? EmptyNode()
        case let .and(cs):
            var required: [ExecNode] = [], excluded: [ExecNode] = []
            for c in cs {
                if case let .not(x) = c {
                    let e = build(x, root: false)
                    if !(e is EmptyNode) { excluded.append(e) }
                } else {
                    let r = build(c, root: false)
                    if r is EmptyNode { return r }
                    required.append(r)
                }
            }
            if required.isEmpty { required.append(AllDocsNode(count: ctx.segment.docCount)) }
            // Two-phase phrases: a phrase reads positions only where the AND's filters match too.
            let filters = cs.filter { if case .filter = $0 { return true } else { return false } }
            if !filters.isEmpty {
                for case let p as PhraseNode in required {
                    p.gate { filters.map { build($0, root: false) }.filter { !($0 is AllDocsNode) } }
                }
            }
            var optional: [ExecNode] = []
            if root && ctx.params.proximityBoost > 0, let bonus = Self.proximityTerms(cs) {
                let keys = bonus.map { TermGroupKey($0.0, prefix: false, exact: $0.1) }
                if let p = PhraseNode(ctx: ctx, keys: keys, slop: 0, boost: ctx.params.proximityBoost,
                                      label: "\"" + bonus.map(\.0).joined(separator: " ") + "\"", optionalOnly: true) { optional.append(p) }
            }
            if required.count == 1 && excluded.isEmpty && optional.isEmpty { return required[0] }
            // Meta gate: when every scoring clause is a word (plus the proximity bonus), a doc
            // without a meta match for any word scores at most the sum of the body maxima.
            let scoringRequired = required.filter(\.scores)
            if scoringRequired.count >= 2, scoringRequired.allSatisfy({ $0 is TermNode }), optional.allSatisfy({ $0 is PhraseNode }) {
                var gates: [ExecNode] = []
                for c in cs {
                    if case let .term(t, prefix, exact) = c,
                       let g = TermNode(ctx: ctx, key: TermGroupKey(t, prefix: prefix, exact: exact), label: c.description, metaOnly: true) {
                        gates.append(g)
                    }
                }
                let bodyOnly = scoringRequired.reduce(0.0) { $0 + ($1 as! TermNode).bodyMax } // all TermNode: checked
                    + optional.reduce(0.0) { $0 + ($1 as! PhraseNode).bodyMax } // all PhraseNode: checked
                let gate: ExecNode = gates.isEmpty ? EmptyNode() : gates.count == 1 ? gates[0] : DisjunctionNode(children: gates, prune: PruneState())
                return ConjunctionNode(required: required, excluded: excluded, optional: optional, gate: gate, bodyOnlyMax: bodyOnly, prune: ctx.prune)
            }
            return ConjunctionNode(required: required, excluded: excluded, optional: optional)
        case let .or(cs):
            let kids = cs.map { build($0, root: false) }.filter { !($0 is EmptyNode) }
            if kids.isEmpty { return EmptyNode() }
            return kids.count == 1 ? kids[0] : DisjunctionNode(children: kids, prune: ctx.prune)
        case let .not(x):
            let e = build(x, root: false)
            let all = AllDocsNode(count: ctx.segment.docCount)
            return e is EmptyNode ? all : ConjunctionNode(required: [all], excluded: [e], optional: [])
        case let .filter(f):
            return filter(f)
        case .all:
            return AllDocsNode(count: ctx.segment.docCount)
        }
    }

    /// The bare (non-prefix) words of a conjunction, in query order, when there are two or more:
    /// the words of the implicit proximity-bonus phrase.
    static func proximityTerms(_ cs: [QueryNode]) -> [(String, Bool)]? {
        var out: [(String, Bool)] = []
        for c in cs { if case let .term(t, false, exact) = c { out.append((t, exact)) } }
        return out.count >= 2 ? out : nil
    }

    private func filter(_ f: FieldFilter) -> ExecNode {
        let seg = ctx.segment
        func list(_ field: KeywordField, _ values: [String]) -> ExecNode {
            var docs: [UInt32] = []
            for v in values {
                guard let n = KeywordNormalizer.normalize(field, v) else { continue }
                docs.append(contentsOf: seg.keywordDocs(field, n))
            }
            if values.count > 1 { docs.sort(); docs = dedupSorted(docs) }
            return docs.isEmpty ? EmptyNode() : DocListNode(docs)
        }
        switch f {
        case let .form(vs): return list(.form, vs)
        case let .cik(v): return list(.cik, [v])
        case let .documentType(v): return list(.documentType, [v])
        case let .sic(v): return list(.sic, [v])
        case let .state(v): return list(.state, [v])
        case let .accession(v): return list(.accession, [v])
        case let .filed(r):
            let range = seg.docs(filedIn: r)
            return range.isEmpty ? EmptyNode() : DocRangeNode(range)
        case let .period(r):
            let lo = r.lower?.daysSinceEpoch ?? .min, hi = r.upper?.daysSinceEpoch ?? .max
            return PredicateNode(base: AllDocsNode(count: seg.docCount)) { d in
                guard let p = seg.period(d) else { return false }
                return p >= lo && p <= hi
            }
        case let .company(ts):
            // Every company name of the segment whose words contain the phrase, then its docs.
            var docs: [UInt32] = []
            var names = 0
            for n in ctx.plan.keywords.names(seg).matching(ts) {
                docs += seg.keywordDocs(.company, n.value)
                names += 1
            }
            if names > 1 { docs.sort(); docs = dedupSorted(docs) }
            return docs.isEmpty ? EmptyNode() : DocListNode(docs)
        }
    }
}

/// Removes adjacent duplicates of a sorted array.
func dedupSorted(_ a: [UInt32]) -> [UInt32] {
    var out: [UInt32] = []
    out.reserveCapacity(a.count)
    for x in a where out.last != x { out.append(x) }
    return out
}

/// `company:"…"` semantics: the analyzed words occur consecutively in one entity name.
enum CompanyMatch {
    /// True when `words` occur consecutively in `name` (both analyzed).
    static func contains(_ name: [String], _ words: [String]) -> Bool {
        guard name.count >= words.count else { return false }
        for i in 0...(name.count - words.count) where name[i..<(i + words.count)].elementsEqual(words) { return true }
        return false
    }
}
