#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Receives merged terms in ascending order: postings one doc at a time, then the term.
protocol MergedTermSink: AnyObject {
    /// Docs the current postings block takes before it is written: the longest run `addEncodedRun` accepts.
    var blockRoom: Int { get }
    /// Appends a run of docs of the current term (`PostingsEncoder.addEncodedRun`).
    func addEncodedRun(docs: UnsafePointer<UInt32>, freqs: UnsafePointer<UInt32>, lengths: UnsafePointer<UInt32>, count: Int, positions: PositionBits)
    func finishTerm(_ term: UnsafeRawBufferPointer)
}

extension SegmentFileWriter: MergedTermSink {}

/// A term range of a field merged on another thread: postings and positions are kept in memory while
/// the merge's `SpillBudget` allows, else go to two temporary files (`<name>.post` / `<name>.pos`, raw
/// bytes without framing or fsync — they never outlive the build; a killed build's leftovers match the
/// segment file names and are cleaned like any dead segment); dictionary entries stay in memory with
/// offsets relative to the streams' starts. `appendAndRemove` copies it all into the final segment writer.
/// Not thread-safe: one thread fills it, then one thread (any) appends it.
final class TermSpill: MergedTermSink, @unchecked Sendable { // one thread fills it, then hands it over (under the merge's lock) to the one appending it
    private let post: RawFileWriter
    private let pos: RawFileWriter
    private var encoder = PostingsEncoder()
    private(set) var terms: [([UInt8], TermInfo)] = []

    /// - Parameters:
    ///   - lengths: the field's doc lengths by (new) doc id (their average tunes the block impacts; a
    ///     run's docs bring their own lengths).
    ///   - budget: memory the merge's spills may hold (nil: straight to files).
    /// - Throws: `SearchError.index` when the files cannot be created.
    init(directory: String, name: String, lengths: [UInt32], budget: SpillBudget? = nil) throws {
        post = try RawFileWriter(path: "\(directory)/\(name).\(SegmentFileKind.postings.ext)", budget: budget)
        pos = try RawFileWriter(path: "\(directory)/\(name).\(SegmentFileKind.positions.ext)", budget: budget)
        // The same average as `SegmentFileWriter.beginField` (it tunes the block impacts): without it a
        // spilled range got avgLength 1, and its impacts depended on where the merge split the terms.
        encoder.avgLength = PostingsEncoder.averageLength(lengths)
    }

    deinit { post.remove(); pos.remove() }

    var blockRoom: Int { encoder.blockRoom }

    func addEncodedRun(docs: UnsafePointer<UInt32>, freqs: UnsafePointer<UInt32>, lengths: UnsafePointer<UInt32>, count: Int, positions: PositionBits) {
        encoder.addEncodedRun(docs: docs, freqs: freqs, lengths: lengths, count: count, positions: positions)
    }

    func finishTerm(_ term: UnsafeRawBufferPointer) {
        let postings = encoder.finish()
        terms.append((Array(term), TermInfo(docFreq: encoder.docFreq, totalTermFreq: encoder.totalTermFreq,
                                            postingsOffset: UInt64(post.offset), positionsOffset: UInt64(pos.offset))))
        postings.bytes.withUnsafeBytes { post.write($0) }
        encoder.positions.bytes.withUnsafeBytes { pos.write($0) }
        encoder.reset()
    }

    /// Appends everything to `w` (current field), then deletes the temporary files.
    /// - Throws: `SearchError.index` on I/O errors (also those of earlier writes).
    func appendAndRemove(to w: SegmentFileWriter) throws {
        defer { post.remove(); pos.remove() }
        try post.finish()
        try pos.finish()
        var err: Error? = nil
        w.appendTerms(terms: terms) { p, q in
            do { try post.readBack(p); try pos.readBack(q) } catch { err = error }
        }
        if let err { throw err }
        terms = []
    }
}

/// Bytes the spills of one merge may keep in memory (shared by its threads).
final class SpillBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `n` bytes when they fit under the limit.
    func reserve(_ n: Int) -> Bool {
        let after = used.wrappingAdd(n, ordering: .relaxed).newValue
        if after <= limit { return true }
        used.wrappingSubtract(n, ordering: .relaxed)
        return false
    }

    func release(_ n: Int) { used.wrappingSubtract(n, ordering: .relaxed) }
}

/// A write-only temporary byte stream read back once (`TermSpill`): kept in memory while its
/// `SpillBudget` allows, then a buffered file (created only then; no checksum, no fsync).
final class RawFileWriter {
    let path: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var failed = false
    private var removed = false
    private static let flushThreshold = 1 << 20
    /// Memory budget while in memory (nil: a file from the start).
    private let budget: SpillBudget?
    /// True while every byte is in `buffer` (bytes reserved from `budget`: `buffer.count`).
    private var inMemory: Bool
    /// Bytes written so far.
    private(set) var offset = 0

    /// - Throws: `SearchError.index` when the file cannot be created (without a budget: now).
    init(path: String, budget: SpillBudget? = nil) throws {
        self.path = path
        self.budget = budget
        inMemory = budget != nil
        if !inMemory { try openFile() }
    }

    deinit { remove() }

    private func openFile() throws {
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexIOError.io(path, "create") }
        buffer.reserveCapacity(RawFileWriter.flushThreshold + 4096)
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        if inMemory {
            if budget!.reserve(bytes.count) { // inMemory ⇒ budget set
                buffer.append(contentsOf: bytes)
                offset += bytes.count
                return
            }
            // Over budget: from now on a file, starting with what was kept.
            inMemory = false
            budget!.release(buffer.count) // as above
            do { try openFile() } catch { failed = true }
        }
        buffer.append(contentsOf: bytes)
        offset += bytes.count
        if buffer.count >= RawFileWriter.flushThreshold { flush() }
    }

    private func flush() {
        guard !buffer.isEmpty, !failed else { buffer.removeAll(keepingCapacity: true); return }
        if !buffer.withUnsafeBytes({ FileOps.writeAll(fd, $0) }) { failed = true }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out the buffer (in memory: nothing to do). - Throws: `SearchError.index` when any write failed.
    func finish() throws {
        if failed { throw IndexIOError.io(path, "write") }
        if inMemory { return }
        flush()
        buffer = [] // written: a finished spill waiting to be appended holds no buffer
        if failed { throw IndexIOError.io(path, "write") }
    }

    /// Reads the whole stream back from its start (from a file 4 MiB at a time) into `sink` (after `finish`).
    /// - Throws: `SearchError.index` on a read error or a short file.
    func readBack(_ sink: (UnsafeRawBufferPointer) -> Void) throws {
        if inMemory {
            buffer.withUnsafeBytes { sink($0) }
            return
        }
        let chunk = 4 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buf.deallocate() }
        var at = 0
        while at < offset {
            let n = pread(fd, buf, min(chunk, offset - at), off_t(at))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw IndexIOError.io(path, "read") }
            sink(UnsafeRawBufferPointer(start: buf, count: n))
            at += n
        }
    }

    /// Frees the memory, or closes and deletes the file (idempotent).
    func remove() {
        guard !removed else { return }
        removed = true
        if inMemory {
            budget!.release(buffer.count) // inMemory ⇒ budget set
            buffer = []
            return
        }
        if fd >= 0 {
            close(fd)
            unlink(path)
        }
    }
}

extension PostingsEncoder {
    /// Mean of `lengths` (1 when empty): the average field length every encoder of a segment uses.
    static func averageLength(_ lengths: [UInt32]) -> Double {
        var total = 0
        for l in lengths { total += Int(l) }
        return lengths.isEmpty ? 1 : Double(total) / Double(lengths.count)
    }
}
