/// An immutable snapshot of one committed index generation.
///
/// Opening reads `COMMIT`, maps and verifies every segment file. A concurrent rebuild never disturbs
/// an open reader (old files stay mapped even after they are unlinked). Global doc id = `docBases[s]` + local.
public final class IndexReader: @unchecked Sendable { // immutable after init
    public let directory: String
    public let segments: [SegmentReader]
    public let docBases: [UInt32]
    public let documentCount: Int
    public let generation: UInt64

    /// Opens the committed generation in `directory`.
    /// - Parameter verify: check every file's CRC (default true); sizes and headers are always checked.
    /// - Throws: `SearchError.index` when there is no index, or naming the damaged file with the rebuild hint.
    public static func open(directory: String, verify: Bool = true) throws -> IndexReader {
        var lastError: Error?
        // A rebuild may replace the commit and delete the old files between our two reads: retry.
        for _ in 0..<3 {
            let commit = try CommitPoint.read(directory: directory)
            do {
                let segs = try commit.segments.map { try SegmentReader(directory: directory, meta: $0, verify: verify) }
                return IndexReader(directory: directory, generation: commit.generation, segments: segs)
            } catch {
                lastError = error
                if let again = try? CommitPoint.read(directory: directory), again.generation != commit.generation { continue }
                throw error
            }
        }
        throw lastError ?? SearchError.index("cannot open the index at \(directory)")
    }

    init(directory: String, generation: UInt64, segments: [SegmentReader]) {
        self.directory = directory
        self.generation = generation
        self.segments = segments
        var bases: [UInt32] = []
        var total: UInt32 = 0
        for s in segments { bases.append(total); total += s.docCount }
        docBases = bases
        documentCount = Int(total)
    }

    /// The segment and local doc of a global doc id, or nil when out of range.
    public func locate(_ global: UInt32) -> (segment: SegmentReader, local: UInt32)? {
        var i = segments.count - 1
        while i >= 0 {
            if global >= docBases[i] { return global - docBases[i] < segments[i].docCount ? (segments[i], global - docBases[i]) : nil }
            i -= 1
        }
        return nil
    }

    /// Sum of `field` lengths over all segments.
    public func totalLength(_ field: TextField) -> UInt64 { segments.reduce(0) { $0 + $1.totalLength(field) } }

    /// Document frequency of `term` over all segments.
    public func docFreq(_ field: TextField, _ term: [UInt8]) -> Int {
        segments.reduce(0) { $0 + ($1.termStats(field, term)?.docFreq ?? 0) }
    }

    /// Size and content figures. Terms are summed over segments (a term in two segments counts twice).
    /// - Complexity: O(terms) — it walks the dictionaries to count postings and positions.
    public func stats() -> IndexStats {
        var terms = 0, postings = 0, positions = 0, filings = 0
        var bytes: [String: Int] = [:]
        for s in segments {
            for f in TextField.allCases {
                terms += s.termCount(f)
                try? s.forEachTerm(f) { _, st in postings += st.docFreq; positions += st.totalTermFreq }
            }
            filings += s.filings
            for (k, v) in s.bytesByComponent { bytes[k, default: 0] += v }
        }
        bytes["commit"] = FileOps.fileSize("\(directory)/\(CommitPoint.fileName)") ?? 0
        return IndexStats(backend: "native", formatVersion: Int(indexFormatVersion), documents: documentCount,
                          filings: filings, terms: terms, postings: postings, positions: positions,
                          segments: segments.count, bytesByComponent: bytes)
    }
}
