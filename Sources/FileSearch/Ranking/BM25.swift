/// BM25 parameters and formula, shared by execution, `--explain` and the tests' reference.
///
/// A text clause is scored per field and the field scores are added:
/// `score(clause, d) = Σ_f w_f · idf_f · tf·(k1+1) / (tf + k1·(1 − b + b·dl_f(d)/avgdl_f))`
/// - fields `f`: `body` (weight 1) and `meta` (company names, description, document type,
///   file name; weight `metaWeight`, default 2.0).
/// - `idf = ln(1 + (N − df + 0.5)/(df + 0.5))`, `N` = documents in the whole index,
///   `avgdl_f` = total length of field `f` over all documents / `N`.
/// - A query word is a term group (its stem variants, prefix expansions or the exact form):
///   `tf` = sum of the members' frequencies, `df` = the largest member document frequency
///   (Lucene's synonym scoring), so variants neither inflate nor dilute the score.
/// - A phrase is scored like one term with `tf` = number of phrase matches in the field and
///   `idf` = sum of its words' idfs.
/// - Proximity bonus: a conjunction of two or more bare words also scores, as an optional
///   clause with weight `proximityBoost` (default 0.5), the phrase of those words in query order.
public struct BM25Parameters: Sendable, Equatable {
    public var k1: Double
    public var b: Double
    /// Weight of the `meta` field (the body weighs 1).
    public var metaWeight: Double
    /// Weight of the implicit phrase clause of a multi-word conjunction (0 disables it).
    public var proximityBoost: Double

    public init(k1: Double = 1.2, b: Double = 0.75, metaWeight: Double = 2.0, proximityBoost: Double = 0.5) {
        self.k1 = k1
        self.b = b
        self.metaWeight = metaWeight
        self.proximityBoost = proximityBoost
    }

    /// The weight of `field` (body 1, meta `metaWeight`).
    @inlinable public func weight(_ field: TextField) -> Double { field == .body ? 1 : metaWeight }
}

/// The BM25 formula's pieces.
public enum BM25 {
    /// `ln(1 + (N − df + 0.5)/(df + 0.5))` — always positive.
    @inlinable public static func idf(documents n: Int, docFreq df: Int) -> Double {
        let N = Double(n), d = Double(df)
        return (1 + (N - d + 0.5) / (d + 0.5)).ln
    }

    /// `tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))` (0 when `tf` is 0).
    @inlinable public static func saturation(tf: Double, docLength dl: Double, avgLength avgdl: Double, _ p: BM25Parameters) -> Double {
        guard tf > 0 else { return 0 }
        let norm = avgdl > 0 ? (1 - p.b + p.b * dl / avgdl) : 1
        return tf * (p.k1 + 1) / (tf + p.k1 * norm)
    }
}

extension Double {
    /// Natural logarithm without Foundation (the engine module does not import it).
    @inlinable var ln: Double { _ln(self) }
}

/// Natural logarithm (stdlib has no `log` without Foundation/Glibc).
@inlinable func _ln(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.log(x)
    #else
    return Darwin.log(x)
    #endif
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
