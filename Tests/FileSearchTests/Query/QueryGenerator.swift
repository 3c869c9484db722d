@testable import FileSearch

/// Generates random queries (as ASTs) from a corpus's vocabulary: rare, mid and common terms,
/// AND, OR, NOT, phrases taken from real text, proximity, prefixes, exact forms and filters.
struct QueryGenerator {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15 // wrapping: the generator's definition
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9 // wrapping: mixing constant
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB // wrapping: mixing constant
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    var rng: SplitMix64
    let oracle: BruteForceOracle
    let rare: [String], mid: [String], common: [String]

    init(oracle: BruteForceOracle, seed: UInt64) {
        self.oracle = oracle
        rng = SplitMix64(state: seed)
        let n = oracle.docs.count
        let words = oracle.df[0].filter { $0.key.utf8.count >= 3 && $0.key.utf8.allSatisfy { $0 >= 97 && $0 <= 122 } }
        rare = words.filter { $0.value <= 2 }.map(\.key).sorted()
        mid = words.filter { $0.value > 2 && $0.value <= n / 3 }.map(\.key).sorted()
        common = words.filter { $0.value > n / 3 }.map(\.key).sorted()
    }

    func t(_ s: String) -> QueryNode { .term(s, prefix: false, exact: false) }

    mutating func word() -> String {
        switch rng.int(3) {
        case 0 where !rare.isEmpty: return rng.pick(rare)
        case 1 where !common.isEmpty: return rng.pick(common)
        default: return rng.pick(mid.isEmpty ? rare : mid)
        }
    }

    /// `n` consecutive words of a random document's body (a phrase that occurs).
    mutating func realPhrase(_ n: Int) -> [String]? {
        let d = oracle.docs[rng.int(oracle.docs.count)]
        let byPos = d.primaryAt.filter { $0.value.utf8.allSatisfy { $0 >= 97 && $0 <= 122 } }
        guard let maxPos = byPos.keys.max(), maxPos > n else { return nil }
        for _ in 0..<20 {
            let s = rng.int(maxPos - n)
            let ws = (0..<n).compactMap { byPos[s + $0] }
            if ws.count == n { return ws }
        }
        return nil
    }

    mutating func filter() -> QueryNode {
        let r = oracle.docs[rng.int(oracle.docs.count)].record
        switch rng.int(6) {
        case 0 where r.formType != nil: return .filter(.form([r.formType!])) // checked
        case 1 where !r.ciks.isEmpty: return .filter(.cik(rng.pick(r.ciks)))
        case 2 where r.filed != nil:
            let f = r.filed!.daysSinceEpoch // checked
            return .filter(.filed(DateRange(lower: FilingDate(daysSinceEpoch: f - Int32(rng.int(400))), upper: FilingDate(daysSinceEpoch: f + Int32(rng.int(400))))))
        case 3 where r.documentType != nil: return .filter(.documentType(r.documentType!)) // checked
        case 4 where r.period != nil: return .filter(.period(DateRange(lower: r.period, upper: nil)))
        case 5 where !r.companyNames.isEmpty:
            let ws = Analyzer(mode: .query).terms(rng.pick(r.companyNames))
            if !ws.isEmpty { return .filter(.company(Array(ws.prefix(2)))) }
            return .filter(.form(["10-K"]))
        default: return .filter(.filed(DateRange(lower: FilingDate("2020-01-01"), upper: nil)))
        }
    }

    mutating func query() -> QueryNode {
        switch rng.int(16) {
        case 0: return t(word())
        case 1: return .term(word(), prefix: false, exact: true)
        case 2:
            let w = rng.pick(mid.isEmpty ? rare : mid)
            return .term(String(w.prefix(3 + rng.int(2))), prefix: true, exact: false)
        case 3: return .and([t(word()), t(word())])
        case 4: return .and([t(word()), t(word()), t(word())])
        case 5: return .or([t(word()), t(word())])
        case 6: return .or([t(word()), t(word()), t(word())])
        case 7: return .and([t(word()), .not(t(word()))])
        case 8, 9:
            guard let ws = realPhrase(2 + rng.int(2)) else { return t(word()) }
            return .phrase(ws, slop: 0, exact: rng.int(4) == 0)
        case 10:
            guard let ws = realPhrase(3) else { return t(word()) }
            return .phrase([ws[0], ws[2]], slop: 1 + rng.int(3), exact: false)
        case 11: return .and([t(word()), filter()])
        case 12:
            guard let ws = realPhrase(2) else { return t(word()) }
            return .and([.phrase(ws, slop: 0, exact: false), filter()])
        case 13: return filter()
        case 14: return .and([.or([t(word()), t(word())]), t(word()), .not(t(word()))])
        default: return .and([.all, .not(t(word()))])
        }
    }
}
