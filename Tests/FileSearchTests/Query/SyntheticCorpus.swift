@testable import FileSearch

/// Deterministic synthetic records for tests that need long postings (several 128-doc blocks):
/// Zipf-distributed words from a small vocabulary, block boundaries, EDGAR-like metadata.
enum SyntheticCorpus {
    static let forms = ["4", "8-K", "10-K", "10-Q", "SC 13G/A", "10-K/A", "NT 10-Q"]
    static let companies = ["Ault Alliance, Inc.", "Apple Inc.", "Snowflake Inc.", "Blue Owl Capital", "Alpha Beta Corp", "Series Holdings LLC"]

    static func records(count: Int, seed: UInt64) -> [DocumentRecord] {
        var rng = QueryGenerator.SplitMix64(state: seed)
        let syllables = ["war", "rant", "ser", "ies", "pre", "fer", "red", "stock", "com", "mon", "cash", "flow", "in", "ter", "est", "rate", "ing", "s", "ed"]
        var vocab: [String] = []
        while vocab.count < 600 {
            let n = 1 + rng.int(3)
            let w = (0..<n).map { _ in rng.pick(syllables) }.joined()
            if !vocab.contains(w) { vocab.append(w) }
        }
        // Zipf: P(rank r) ∝ 1/r, sampled through a cumulative table.
        var cum: [Double] = []
        var acc = 0.0
        for r in 1...vocab.count { acc += 1 / Double(r); cum.append(acc) }
        func word() -> String {
            let x = Double(rng.next() % 1_000_000) / 1_000_000 * acc
            var lo = 0, hi = cum.count - 1
            while lo < hi { let m = (lo + hi) / 2; if cum[m] < x { lo = m + 1 } else { hi = m } }
            return vocab[lo]
        }
        return (0..<count).map { i in
            let len = 5 + rng.int(i % 7 == 0 ? 600 : 120)
            var text = ""
            for k in 0..<len {
                if k > 0 { text += rng.int(25) == 0 ? "\n" : " " }
                text += word()
            }
            let company = rng.pick(companies)
            let cik = String(1_000 + rng.int(40))
            let filed = FilingDate(daysSinceEpoch: Int32(16_000 + rng.int(3_000)))
            return DocumentRecord(accession: "000\(1_000_000 + i)-24-\(100_000 + i)", sourcePath: "syn/\(i).txt", sequence: 1,
                                  documentType: rng.int(4) == 0 ? "EX-99.1" : nil, documentFileName: "d\(i).htm",
                                  description: rng.int(3) == 0 ? word() + " " + word() : nil, formType: rng.pick(forms),
                                  filed: rng.int(20) == 0 ? nil : filed, period: rng.int(2) == 0 ? filed : nil,
                                  ciks: [CIK.normalize(cik)!], companyNames: [company], sics: ["3679"], states: ["NV"],
                                  text: Array(text.utf8))
        }
    }
}
