/// Counts matching documents by form type, year filed and company name (`--facets`), from the
/// segments' columns (form ordinal, filed date) and keyword columns (company) — no stored fields
/// are decoded per match.
///
/// Values are the normalized keyword values (trimmed, upper-cased) except company names, which are
/// counted by normalized name and shown as one of the counted documents spells them. Each list is
/// sorted by count descending, then value ascending, and cut to `limit` entries.
/// Usage: per segment `begin`, `add` for each match, `end`; then `facets`.
struct FacetCounter {
    private var forms: [String: Int] = [:]
    private var years: [String: Int] = [:]
    private var companies: [String: Int] = [:]
    /// A (segment, doc) carrying each counted company (its stored spelling is shown).
    private var companyExample: [String: (segment: Int, doc: UInt32)] = [:]

    // Per-segment counters by ordinal (merged into the dictionaries by `end`).
    private var segment: (index: Int, reader: SegmentReader)?
    private var companyColumn: KeywordColumn?
    private var formCounts: [Int] = []
    private var noForm = 0
    private var yearCounts: [Int: Int] = [:]
    private var companyCounts: [Int] = []
    private var companyFirst: [UInt32] = []

    /// Starts counting the matches of segment `index`.
    mutating func begin(segment index: Int, _ reader: SegmentReader, companies: KeywordColumn) {
        segment = (index, reader)
        companyColumn = companies
        formCounts = [Int](repeating: 0, count: reader.formValues.count)
        noForm = 0
        yearCounts = [:]
        companyCounts = [Int](repeating: 0, count: companies.values.count)
        companyFirst = [UInt32](repeating: 0, count: companies.values.count)
    }

    /// Counts one matching doc of the current segment.
    mutating func add(_ doc: UInt32) {
        guard let (_, seg) = segment, let col = companyColumn else { return }
        if let f = seg.formOrdinal(doc), f < formCounts.count { formCounts[f] += 1 } else { noForm += 1 }
        yearCounts[seg.filed(doc).map { FilingDate(daysSinceEpoch: $0).year } ?? Int.min, default: 0] += 1
        for o in col.ordinals(doc) {
            if companyCounts[Int(o)] == 0 { companyFirst[Int(o)] = doc }
            companyCounts[Int(o)] += 1
        }
    }

    /// Ends the current segment.
    mutating func end() {
        guard let (s, seg) = segment, let col = companyColumn else { return }
        for (f, n) in formCounts.enumerated() where n > 0 { forms[seg.formValues[f], default: 0] += n }
        if noForm > 0 { forms["(none)", default: 0] += noForm }
        for (y, n) in yearCounts { years[y == Int.min ? "(none)" : String(y), default: 0] += n }
        for (o, n) in companyCounts.enumerated() where n > 0 {
            let v = col.values[o]
            companies[v, default: 0] += n
            if companyExample[v] == nil { companyExample[v] = (s, companyFirst[o]) }
        }
        segment = nil
        companyColumn = nil
    }

    /// The top `limit` values of each facet; `segments` gives the stored spelling of company names.
    func facets(limit: Int = 20, segments: [SegmentReader]) -> Facets {
        func top(_ m: [String: Int]) -> [(String, Int)] {
            Array(m.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit)).map { ($0.key, $0.value) }
        }
        let companyTop = top(companies).map { (v, n) -> (String, Int) in
            guard let ex = companyExample[v] else { return (v, n) }
            let names = segments[ex.segment].storedFields(ex.doc).companyNames
            return (names.first { KeywordNormalizer.normalize(.company, $0) == v } ?? v, n)
        }
        return Facets(formType: top(forms), yearFiled: top(years), company: companyTop)
    }
}
