/// The values of one keyword field per document of one segment (compressed sparse rows), built once
/// from the segment's keyword lists: what facets and `--group filing` read instead of decoding every
/// match's stored fields.
///
/// - Complexity: building is O(values log values + postings of the field); a lookup is O(1).
struct KeywordColumn: Sendable {
    /// The field's normalized values, ascending (`SegmentReader.keywordValues`).
    let values: [String]
    /// `ordinals[offsets[d] ..< offsets[d + 1]]` are doc `d`'s values (indices into `values`).
    private let offsets: [UInt32]
    private let ordinals: [UInt32]

    init(segment: SegmentReader, field: KeywordField) {
        values = segment.keywordValues(field)
        let lists = values.map { segment.keywordDocs(field, $0) }
        var off = [UInt32](repeating: 0, count: Int(segment.docCount) + 1)
        for l in lists { for d in l { off[Int(d) + 1] += 1 } }
        for i in 0..<Int(segment.docCount) { off[i + 1] += off[i] } // total postings < 2^32 (docs × values per doc)
        var next = off
        var ords = [UInt32](repeating: 0, count: Int(off.last ?? 0))
        for (o, l) in lists.enumerated() {
            for d in l { ords[Int(next[Int(d)])] = UInt32(o); next[Int(d)] += 1 } // values < 2^32
        }
        offsets = off
        ordinals = ords
    }

    /// The value ordinals of `doc`, ascending.
    func ordinals(_ doc: UInt32) -> ArraySlice<UInt32> {
        ordinals[Int(offsets[Int(doc)])..<Int(offsets[Int(doc) + 1])]
    }

    /// The first value of `doc`, or nil.
    func first(_ doc: UInt32) -> String? {
        let a = offsets[Int(doc)]
        return a < offsets[Int(doc) + 1] ? values[Int(ordinals[Int(a)])] : nil
    }
}
