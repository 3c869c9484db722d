// Zstandard frames (RFC 8878), level 1, one frame per store block, content size in the frame header.
// No framing of our own: a block is exactly what `ZSTD_compressCCtx` wrote (the raw length is also
// kept in the block index, and decompression must produce exactly that many bytes).
// zstd level 1 replaced zlib level 1 in format version 2: ~3× faster to compress and smaller.

import CZstd

/// Store block compression level (zstd). Level 1: the fast end where zstd still beats zlib's ratio.
let storeCompressionLevel: Int32 = 1

/// A reusable zstd compression context: one allocation per writer, not per block.
final class StoreCompressor {
    private let ctx: OpaquePointer?
    private var out: [UInt8] = []

    init() { ctx = ZSTD_createCCtx() }

    deinit { if let c = ctx { ZSTD_freeCCtx(c) } }

    /// One zstd frame holding `raw` (readable by `StoreCodec.decompress`).
    func compress(_ raw: [UInt8]) -> [UInt8] {
        guard let c = ctx else { return StoreCodec.compress(raw) }
        let bound = ZSTD_compressBound(raw.count)
        if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
        let n: Int = raw.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                ZSTD_compressCCtx(c, dst.baseAddress, bound, src.baseAddress, src.count, storeCompressionLevel)
            }
        }
        guard ZSTD_isError(n) == 0 else { return StoreCodec.compress(raw) }
        return Array(out[0..<n])
    }
}

/// zstd helpers.
enum StoreCodec {
    static func compress(_ raw: [UInt8]) -> [UInt8] {
        let bound = ZSTD_compressBound(raw.count)
        var out = [UInt8](repeating: 0, count: bound)
        let n = raw.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                ZSTD_compress(dst.baseAddress, bound, src.baseAddress, src.count, storeCompressionLevel)
            }
        }
        precondition(ZSTD_isError(n) == 0, "zstd compress failed with a ZSTD_compressBound-sized buffer")
        out.removeSubrange(n...)
        return out
    }

    /// Decompresses exactly `rawLength` bytes, or nil when the data is not a valid zstd frame of that size.
    static func decompress(_ src: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0, let sp = src.baseAddress else { return nil }
        var out = [UInt8](repeating: 0, count: rawLength)
        let n = out.withUnsafeMutableBytes { dst in
            ZSTD_decompress(dst.baseAddress, rawLength, sp, src.count)
        }
        guard ZSTD_isError(n) == 0, n == rawLength else { return nil }
        return out
    }
}
