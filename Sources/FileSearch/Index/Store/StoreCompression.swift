// LZ4 block format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md), default acceleration,
// one block per store block. No framing of our own: a block is exactly what `LZ4_compress_fast_extState`
// wrote; its raw length is kept in the store's block index, and decompression must produce exactly that.
// LZ4 replaced zstd level 1 in format version 6: 1.8× faster to compress (the store was 12% of the
// build's CPU), 2.5× faster to decompress, 40% bigger (measured: FORMAT.md).

import CLZ4

/// A reusable LZ4 compression state and output buffer: one allocation per writer, not per block.
final class StoreCompressor {
    private let state: UnsafeMutableRawPointer
    private var out: [UInt8] = []

    init() { state = .allocate(byteCount: Int(LZ4_sizeofState()), alignment: 16) }

    deinit { state.deallocate() }

    /// Appends one LZ4 block holding `raw` (readable by `StoreCodec.decompress`) to `sink`; returns its length.
    func compress(_ raw: [UInt8], appendingTo sink: inout ByteSink) -> Int {
        raw.withUnsafeBytes { compress($0, appendingTo: &sink) }
    }

    /// `compress` of the bytes at `src`.
    func compress(_ src: UnsafeRawBufferPointer, appendingTo sink: inout ByteSink) -> Int {
        precondition(src.count <= Int(LZ4_MAX_INPUT_SIZE), "store block larger than LZ4's input limit") // StoreBlockBuilder caps a doc at 1 GiB
        let bound = Int(LZ4_compressBound(Int32(src.count))) // src.count ≤ LZ4_MAX_INPUT_SIZE < Int32.max
        if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
        let n: Int32 = out.withUnsafeMutableBytes { dst in
            LZ4_compress_fast_extState(state, src.baseAddress, dst.baseAddress, Int32(src.count), Int32(bound), 1) // sizes < Int32.max (checked above)
        }
        precondition(n > 0 || src.isEmpty, "LZ4 compression failed with an LZ4_compressBound-sized buffer")
        out.withUnsafeBytes { sink.raw(UnsafeRawBufferPointer(rebasing: $0[0..<Int(n)])) }
        return Int(n)
    }
}

/// LZ4 decompression.
enum StoreCodec {
    /// Decompresses exactly `rawLength` bytes, or nil when the data is not a valid LZ4 block of that size.
    static func decompress(_ src: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0, rawLength <= Int(LZ4_MAX_INPUT_SIZE), src.count <= Int(Int32.max), let sp = src.baseAddress else { return nil }
        var out = [UInt8](repeating: 0, count: rawLength)
        let n = out.withUnsafeMutableBytes { dst in
            LZ4_decompress_safe(sp, dst.baseAddress, Int32(src.count), Int32(rawLength)) // both ≤ Int32.max (checked above)
        }
        guard n == Int32(rawLength) else { return nil }
        return out
    }
}
