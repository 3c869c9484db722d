#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The text blocks of the segment a build merges into, appended by every builder thread as its
/// blocks close: the merged segment's STOR file starts with them (its toc[0] section), so the merge
/// writes the fields blocks and the doc map after them and copies no text.
///
/// Flushed segments written with a shared store hold no text blocks of their own: their doc maps
/// give block numbers in this store (only the merge reads them). The file is `<name>.store` of the
/// merged segment; a killed build leaves it unreferenced, and the next build deletes it.
/// Thread-safe: an append only reserves its place under the lock; its CRC and its hand-over to the
/// background writer run on the appending thread without it (the file CRC joins the pieces' CRCs in
/// file order at `adopt`). Each append is one piece padded with zeros to a whole number of pages
/// (`DirectWriter`: written past the page cache), so text blocks can have up to 4,095 zero bytes
/// between them; the block index gives each block's offset.
final class SharedTextStore: @unchecked Sendable { // `writer` is only touched by init and `adopt`; appends write disjoint page ranges through `direct`
    let path: String
    private let writer: IndexFileWriter
    private let direct: DirectWriter
    /// Offset of the first text block in the file.
    let textStart: UInt64
    /// Blocks (offset from `textStart`, compressed length, raw length), bytes reserved (padding
    /// included), the appended pieces' (CRC, padded length) in file order, whether the merge took the file.
    private let state = Mutex<(index: [(UInt64, UInt32, UInt32)], emitted: Int, pieces: [(crc: UInt32, count: Int)],
                               adopted: Bool)>(([], 0, [], false))
    /// Compressed bytes a builder thread gathers before appending them (one CRC and one write each).
    static let appendBytes = 1 << 20
    /// Appends in flight (reserved, not yet written); `adopt` waits for none.
    private let inFlight = Atomic<Int>(0)

    /// Creates `<directory>/<name>.store`. - Throws: `SearchError.index` when it cannot be created.
    init(directory: String, name: String) throws {
        path = "\(directory)/\(name).\(SegmentFileKind.store.ext)"
        writer = try IndexFileWriter(path: path, kind: SegmentFileKind.store.magic, mode: .streamed)
        writer.align(DirectWriter.alignment) // text starts on a page: zeros after the header
        let (direct, start) = try writer.beginRegion()
        self.direct = direct
        textStart = UInt64(start)
    }

    /// Appends the closed blocks of `b` from its block `first` on, whose compressed bytes are what `b`
    /// has not drained yet (then drained); returns the block number block `first` got here (the
    /// others follow it). Builder threads call it as blocks close, so no thread holds much compressed text.
    func appendClosed(_ b: inout StoreBlockBuilder, from first: Int) -> UInt32 {
        let blocks = b.index[first...]
        let base: UInt32 = b.out.bytes.withUnsafeBytes { bytes in
            let padded = bytes.count + DirectWriter.padding(bytes.count)
            let crc = DirectWriter.crcOfZeros(crc32Serial(0, bytes), count: padded - bytes.count)
            inFlight.add(1, ordering: .relaxed)
            let (base, at) = state.withLock { s -> (UInt32, Int) in
                precondition(!s.adopted, "text appended after the merge took the store")
                let base = UInt32(s.index.count)
                let start = blocks.first?.0 ?? 0 // offsets in `b` count from its first block ever
                for (o, c, r) in blocks { s.index.append((UInt64(s.emitted) + o - start, c, r)) }
                let at = s.emitted
                s.emitted += padded
                s.pieces.append((crc, padded))
                return (base, at)
            }
            if padded > 0 { direct.write(bytes, paddedTo: padded, at: Int(textStart) + at) }
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
            writer.endRegion(bytes: s.emitted, pieces: s.pieces) // drains `direct`, recording a failed write
            return (writer, s.index, s.emitted)
        }
    }

    /// Deletes the file (a build that ends without documents).
    func discard() { unlink(path) }
}
