// zlib (RFC 1950) streams, level 1: what `uncompress` reads back. No framing of our own.

import CZlib

/// A reusable zlib deflate stream (level 1, zlib format): one state allocation per writer, not per block.
final class StoreCompressor {
    private var stream = z_stream()
    private var ready = false
    private var out: [UInt8] = []

    init() {
        ready = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit { if ready { deflateEnd(&stream) } }

    /// zlib-format compression of `raw` (readable by `uncompress`).
    func compress(_ raw: [UInt8]) -> [UInt8] {
        guard ready else { return StoreCodec.compress(raw) }
        let bound = Int(deflateBound(&stream, uLong(raw.count)))
        if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
        deflateReset(&stream)
        let rc: Int32 = raw.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress!.assumingMemoryBound(to: Bytef.self)) // zlib does not write input; raw is non-empty
                stream.avail_in = uInt(raw.count)
                stream.next_out = dst.baseAddress!.assumingMemoryBound(to: Bytef.self) // out has ≥ bound > 0 bytes
                stream.avail_out = uInt(bound)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { return StoreCodec.compress(raw) }
        return Array(out[0..<Int(stream.total_out)])
    }
}

/// zlib helpers.
enum StoreCodec {
    static func compress(_ raw: [UInt8]) -> [UInt8] {
        var cap = compressBound(uLong(raw.count))
        var out = [UInt8](repeating: 0, count: Int(cap))
        let rc = raw.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                compress2(dst.baseAddress!.assumingMemoryBound(to: Bytef.self), &cap, // buffer sized by compressBound
                          src.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(raw.count), 1) // raw is non-empty (≥ 1 vint)
            }
        }
        precondition(rc == Z_OK, "zlib compress2 failed (\(rc)) with a compressBound-sized buffer")
        out.removeSubrange(Int(cap)...)
        return out
    }

    /// Decompresses exactly `rawLength` bytes, or nil when the data is not valid zlib of that size.
    static func decompress(_ src: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0, let sp = src.baseAddress else { return nil }
        var out = [UInt8](repeating: 0, count: rawLength)
        var len = uLong(rawLength)
        let rc = out.withUnsafeMutableBytes { dst in
            uncompress(dst.baseAddress!.assumingMemoryBound(to: Bytef.self), &len, // rawLength > 0
                       sp.assumingMemoryBound(to: Bytef.self), uLong(src.count))
        }
        guard rc == Z_OK, Int(len) == rawLength else { return nil }
        return out
    }
}
