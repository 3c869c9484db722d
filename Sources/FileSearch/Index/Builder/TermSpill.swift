#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives merged terms in ascending order: postings one doc at a time, then the term.
protocol MergedTermSink: AnyObject {
    func addEncodedPosting(doc: UInt32, freq: UInt32, positions: PositionBits)
    func finishTerm(_ term: UnsafeRawBufferPointer)
}

extension SegmentFileWriter: MergedTermSink {}

/// The upper term range of a field merged on a second thread: postings and positions go to two
/// temporary files (`<name>.post` / `<name>.pos`, framed like segment files, so a killed build's
/// leftovers are cleaned like any dead segment), dictionary entries stay in memory with offsets
/// relative to the files' bodies. `appendAndRemove` copies it all into the final segment writer.
/// Not thread-safe: one thread fills it, then the merging thread appends it.
final class TermSpill: MergedTermSink {
    private let postW: IndexFileWriter
    private let posW: IndexFileWriter
    private let lengths: [UInt32]
    private var encoder = PostingsEncoder()
    private(set) var terms: [([UInt8], TermInfo)] = []
    private let postPath: String, posPath: String
    /// Body start of a framed file (after the 16-byte header).
    private static let bodyStart = 16

    /// - Parameter lengths: the field's doc lengths by (new) doc id.
    /// - Throws: `SearchError.index` when the files cannot be created.
    init(directory: String, name: String, lengths: [UInt32]) throws {
        postPath = "\(directory)/\(name).\(SegmentFileKind.postings.ext)"
        posPath = "\(directory)/\(name).\(SegmentFileKind.positions.ext)"
        postW = try IndexFileWriter(path: postPath, kind: SegmentFileKind.postings.magic)
        posW = try IndexFileWriter(path: posPath, kind: SegmentFileKind.positions.magic)
        self.lengths = lengths
        // The same average as `SegmentFileWriter.beginField` (it tunes the block impacts): without it the
        // upper range got avgLength 1, and its impacts depended on where the merge split the terms.
        var total = 0
        for l in lengths { total += Int(l) }
        encoder.avgLength = lengths.isEmpty ? 1 : Double(total) / Double(lengths.count)
    }

    func addEncodedPosting(doc: UInt32, freq: UInt32, positions: PositionBits) {
        encoder.addEncoded(doc: doc, freq: freq, positions: positions, fieldLength: lengths[Int(doc)])
    }

    func finishTerm(_ term: UnsafeRawBufferPointer) {
        let postings = encoder.finish()
        terms.append((Array(term), TermInfo(docFreq: encoder.docFreq, totalTermFreq: encoder.totalTermFreq,
                                            postingsOffset: UInt64(postW.offset - TermSpill.bodyStart),
                                            positionsOffset: UInt64(posW.offset - TermSpill.bodyStart))))
        postW.write(postings)
        posW.write(encoder.positions)
        encoder.reset()
    }

    /// Appends everything to `w` (current field), 32 MiB at a time so the copy stays out of the
    /// resident set, then deletes the temporary files.
    /// - Throws: `SearchError.index` on I/O errors.
    func appendAndRemove(to w: SegmentFileWriter) throws {
        defer { unlink(postPath); unlink(posPath) }
        _ = try postW.finish(toc: [UInt64(TermSpill.bodyStart)])
        _ = try posW.finish(toc: [UInt64(TermSpill.bodyStart)])
        let post = try MappedIndexFile(path: postPath, kind: SegmentFileKind.postings.magic, verify: false)
        let pos = try MappedIndexFile(path: posPath, kind: SegmentFileKind.positions.magic, verify: false)
        func chunks(_ f: MappedIndexFile, _ sink: (UnsafeRawBufferPointer) -> Void) {
            var at = TermSpill.bodyStart
            while at < f.bodyEnd {
                let n = min(32 << 20, f.bodyEnd - at)
                sink(UnsafeRawBufferPointer(start: f.base + at, count: n))
                f.release(from: at, upTo: at + n)
                at += n
            }
        }
        w.appendTerms(terms: terms) { p, q in chunks(post, p); chunks(pos, q) }
        terms = []
    }
}
