/// Counts matching documents by form type, year filed and company name (`--facets`).
///
/// Each list is sorted by count descending, then value ascending, and cut to `limit` entries.
struct FacetCounter {
    var forms: [String: Int] = [:]
    var years: [String: Int] = [:]
    var companies: [String: Int] = [:]

    mutating func add(_ d: StoredDocument) {
        forms[d.formType ?? "(none)", default: 0] += 1
        years[d.filed.map { String($0.year) } ?? "(none)", default: 0] += 1
        for c in Set(d.companyNames) { companies[c, default: 0] += 1 }
    }

    func facets(limit: Int = 20) -> Facets {
        func top(_ m: [String: Int]) -> [(String, Int)] {
            Array(m.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit)).map { ($0.key, $0.value) }
        }
        return Facets(formType: top(forms), yearFiled: top(years), company: top(companies))
    }
}
