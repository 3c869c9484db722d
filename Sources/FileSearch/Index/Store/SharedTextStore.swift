#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import CLZ4

/// The text blocks of the segment a build merges into, appended by every builder thread as its
/// blocks close: the merged segment's STOR file starts with them (its toc[0] section), so the merge
/// writes the fields blocks and the doc map after them and copies no text.
///
/// Flushed segments written with a shared store hold no text blocks of their own: their doc maps
/// give block numbers in this store (only the merge reads them). The file is `<name>.store` of the
/// merged segment; a killed build leaves it unreferenced, and the next build deletes it.
/// Thread-safe: an append only reserves its place under the lock; its CRC and its `pwrite` run on
/// the appending thread without it (the file CRC joins the pieces' CRCs in file order at `adopt`).
final class SharedTextStore: @unchecked Sendable { // `writer` is only touched by init and `adopt`; appends pwrite disjoint ranges of `fd`
    let path: String
    private let writer: IndexFileWriter
    private let fd: Int32
    /// Offset of the first text block in the file.
    let textStart: UInt64
    /// Blocks (offset from `textStart`, compressed length, raw length), bytes reserved, the appended
    /// pieces' (CRC, length) in file order, bytes dropped from the page cache, whether a write failed,
    /// whether the merge took the file.
    private let state = Mutex<(index: [(UInt64, UInt32, UInt32)], emitted: Int, pieces: [(crc: UInt32, count: Int)], dropped: Int,
                               failed: Bool, adopted: Bool)>(([], 0, [], 0, false, false))
    /// Text this far behind the last reservation is written back and dropped from the page cache
    /// (`IndexFileWriter.Mode.streamed`); the lag leaves every earlier append's write and write-back done.
    static let dropLag = 32 << 20
    /// Compressed bytes a builder thread gathers before appending them (one CRC and one write each).
    static let appendBytes = 1 << 20
    /// Appends in flight (reserved, not yet written); `adopt` waits for none.
    private let inFlight = Atomic<Int>(0)

    /// Creates `<directory>/<name>.store`. - Throws: `SearchError.index` when it cannot be created.
    init(directory: String, name: String) throws {
        path = "\(directory)/\(name).\(SegmentFileKind.store.ext)"
        writer = try IndexFileWriter(path: path, kind: SegmentFileKind.store.magic, mode: .streamed)
        let (fd, start) = try writer.beginRegion()
        self.fd = fd
        textStart = UInt64(start)
    }

    /// Appends the closed blocks of `b` from its block `first` on, whose compressed bytes are what `b`
    /// has not drained yet (then drained); returns the block number block `first` got here (the
    /// others follow it). Builder threads call it as blocks close, so no thread holds much compressed text.
    func appendClosed(_ b: inout StoreBlockBuilder, from first: Int) -> UInt32 {
        let blocks = b.index[first...]
        let base: UInt32 = b.out.bytes.withUnsafeBytes { bytes in
            let crc = crc32Serial(0, bytes)
            inFlight.add(1, ordering: .relaxed)
            let (base, at, drop) = state.withLock { s -> (UInt32, Int, Range<Int>) in
                precondition(!s.adopted, "text appended after the merge took the store")
                let base = UInt32(s.index.count)
                let start = blocks.first?.0 ?? 0 // offsets in `b` count from its first block ever
                for (o, c, r) in blocks { s.index.append((UInt64(s.emitted) + o - start, c, r)) }
                let at = s.emitted
                s.emitted += bytes.count
                s.pieces.append((crc, bytes.count))
                var drop = 0..<0
                if s.emitted - s.dropped >= 2 * SharedTextStore.dropLag {
                    drop = s.dropped..<(s.emitted - SharedTextStore.dropLag)
                    s.dropped = drop.upperBound
                }
                return (base, at, drop)
            }
            if !FileOps.writeAll(fd, bytes, at: Int(textStart) + at) { state.withLock { $0.failed = true } }
            if bytes.count > 0 { _ = filesearch_start_writeback(fd, Int64(textStart) + Int64(at), Int64(bytes.count)) } // the merged store is fsync'd; a hint only (0 bytes would mean "to the end")
            if !drop.isEmpty { _ = filesearch_drop_cached(fd, Int64(textStart) + Int64(drop.lowerBound), Int64(drop.count)) } // a hint: only clean pages go
            inFlight.subtract(1, ordering: .releasing)
            return base
        }
        b.out.removeAll()
        return base
    }

    /// Hands the file to the merge (no append after this, and none may be in flight: every builder
    /// thread has returned): its writer, positioned after the last text block (its CRC covering them),
    /// and the blocks' index (offsets relative to `textStart`) with their total bytes.
    func adopt() -> (writer: IndexFileWriter, index: [(UInt64, UInt32, UInt32)], emitted: Int) {
        precondition(inFlight.load(ordering: .acquiring) == 0, "SharedTextStore.adopt with appends in flight")
        return state.withLock { s in
            s.adopted = true
            writer.endRegion(bytes: s.emitted, pieces: s.pieces, failed: s.failed)
            return (writer, s.index, s.emitted)
        }
    }

    /// Deletes the file (a build that ends without documents).
    func discard() { unlink(path) }
}
