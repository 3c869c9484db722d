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
/// Thread-safe: appends are serialized (compression happens before, on the appending thread).
final class SharedTextStore: @unchecked Sendable { // `writer` is used under `state`'s lock until `adopt`
    let path: String
    private let writer: IndexFileWriter
    /// Offset of the first text block in the file.
    let textStart: UInt64
    private let state = Mutex<(index: [(UInt64, UInt32, UInt32)], emitted: Int, adopted: Bool)>(([], 0, false))

    /// Creates `<directory>/<name>.store`. - Throws: `SearchError.index` when it cannot be created.
    init(directory: String, name: String) throws {
        path = "\(directory)/\(name).\(SegmentFileKind.store.ext)"
        writer = try IndexFileWriter(path: path, kind: SegmentFileKind.store.magic)
        textStart = UInt64(writer.offset)
    }

    /// Appends the closed blocks of `b` from its block `first` on, whose compressed bytes are what `b`
    /// has not drained yet (then drained); returns the block number block `first` got here (the
    /// others follow it). Builder threads call it as blocks close, so no thread holds compressed text.
    func appendClosed(_ b: inout StoreBlockBuilder, from first: Int) -> UInt32 {
        let blocks = b.index[first...]
        let base: UInt32 = b.out.bytes.withUnsafeBytes { bytes in
            state.withLock { s in
                precondition(!s.adopted, "text appended after the merge took the store")
                let base = UInt32(s.index.count)
                let start = blocks.first?.0 ?? 0 // offsets in `b` count from its first block ever
                for (o, c, r) in blocks { s.index.append((UInt64(s.emitted) + o - start, c, r)) }
                s.emitted += bytes.count
                writer.write(bytes)
                return base
            }
        }
        b.out.removeAll()
        return base
    }

    /// Hands the file to the merge (no append after this): its writer, positioned after the last text
    /// block, and the blocks' index (offsets relative to `textStart`) with their total bytes.
    func adopt() -> (writer: IndexFileWriter, index: [(UInt64, UInt32, UInt32)], emitted: Int) {
        state.withLock { s in
            s.adopted = true
            return (writer, s.index, s.emitted)
        }
    }

    /// Deletes the file (a build that ends without documents).
    func discard() { unlink(path) }
}
