/// Agreement and latency statistics used by `filesearch compare`.
public enum CompareMetrics {
    /// |A ∩ B| / |A ∪ B|; 1 when both are empty.
    public static func jaccard<T: Hashable>(_ a: Set<T>, _ b: Set<T>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }

    /// |top-k(A) ∩ top-k(B)| / max(|top-k(A)|, |top-k(B)|); 1 when both are empty.
    public static func overlap<T: Hashable>(_ a: [T], _ b: [T], k: Int = 10) -> Double {
        let x = Set(a.prefix(k)), y = Set(b.prefix(k))
        let d = max(x.count, y.count)
        return d == 0 ? 1 : Double(x.intersection(y).count) / Double(d)
    }

    /// Kendall's tau-a between the orders of the items both lists contain (nil when fewer than 2 are shared).
    /// 1: same relative order, -1: reversed.
    /// - Complexity: O(n²) in the number of shared items (top-10 lists: at most 45 pairs).
    public static func kendallTau<T: Hashable>(_ a: [T], _ b: [T]) -> Double? {
        var rankB: [T: Int] = [:]
        for (i, x) in b.enumerated() where rankB[x] == nil { rankB[x] = i }
        let shared = a.compactMap { rankB[$0] } // b-ranks in a's order
        guard shared.count >= 2 else { return nil }
        var concordant = 0, discordant = 0
        for i in 0..<shared.count {
            for j in (i + 1)..<shared.count {
                if shared[i] < shared[j] { concordant += 1 } else if shared[i] > shared[j] { discordant += 1 }
            }
        }
        let pairs = shared.count * (shared.count - 1) / 2
        return Double(concordant - discordant) / Double(pairs)
    }

    /// The `p`-quantile (0…1) of `values` by nearest rank; nil when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// Mean of `values`; nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
