import FileSearch
import Foundation

/// Plain-text rendering of a `ComparisonReport`.
enum CompareTable {
    /// One line of build figures.
    static func buildLine(_ name: String, _ b: BuildFigures?) -> String {
        func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
        let label = "build " + name + String(repeating: " ", count: max(0, 6 - name.count))
        guard let b else { return label + ": reused existing index (pass --rebuild to measure)" }
        return label + ": \(f(b.seconds, 2)) s, \(b.documents) documents, \(f(Double(b.textBytes) / 1e6, 1)) MB text, "
            + "\(f(b.textMegabytesPerSecond, 1)) MB/s, index \(f(Double(b.indexBytes) / 1e6, 1)) MB"
            + (b.storedTextBytes.map { " (of which ≈\(f(Double($0) / 1e6, 1)) MB uncompressed stored text, \(f(Double(b.indexBytes - $0) / 1e6, 1)) MB index + fields)" } ?? "")
    }

    static func render(_ r: ComparisonReport) -> String {
        func f(_ v: Double?, _ digits: Int = 3) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        var out: [String] = []
        out.append("backends: A = \(r.backends[0]), B = \(r.backends[1]); \(r.repetitions) timed top-10 runs per query")
        for (name, b) in zip(r.backends, r.builds) { out.append(buildLine(name, b)) }
        out.append("")
        let header = [pad("class", 14), pad("n", 4), pad("same", 5), pad("jacc", 6), pad("top10", 6), pad("tau", 6),
                      pad("A p50", 8), pad("A p99", 8), pad("B p50", 8), pad("B p99", 8), "B/A"].joined(separator: " ")
        out.append(header)
        out.append(String(repeating: "-", count: header.count))
        for s in r.classes + [r.overall] {
            out.append([pad(s.name, 14), pad("\(s.compared)", 4), pad("\(s.identical)", 5), pad(f(s.meanJaccard), 6),
                        pad(f(s.meanTop10Overlap), 6), pad(f(s.meanKendallTau), 6), pad(f(s.p50Ms[0]), 8), pad(f(s.p99Ms[0]), 8),
                        pad(f(s.p50Ms[1]), 8), pad(f(s.p99Ms[1]), 8), f(s.p50Ratio, 1)].joined(separator: " "))
        }
        out.append("(latency in ms; same = identical hit sets; jacc = mean Jaccard; tau = Kendall tau of shared top-10 docs)")
        let problems = r.queries.filter { !$0.identical || $0.errors.contains { $0 != nil } }
        if !problems.isEmpty {
            out.append("")
            out.append("queries that differ or could not run:")
            for q in problems {
                if let e = q.errors.compactMap({ $0 }).first {
                    out.append("  [\(q.queryClass)] \(q.query): \(e)")
                } else {
                    out.append("  [\(q.queryClass)] \(q.query): totals \(q.totals[0]) vs \(q.totals[1]); only A \(q.onlyA), only B \(q.onlyB)")
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
