import Testing
@testable import FileSearch

/// The 128-value bit packing of postings blocks: every width round-trips through the per-width
/// unpackers, values are read from the documented bit positions, and bytes after the block (which
/// the 8-byte loads may touch) never leak into the result.
@Suite struct BitPackingTests {
    /// `count` random values below 2^width (all-ones and zero included), from a fixed seed.
    static func values(width: Int, seed: UInt64) -> [UInt32] {
        var rng = PositionCodecTests.Rng(s: seed)
        let max = width == 32 ? UInt64(UInt32.max) : (UInt64(1) << UInt64(width)) - 1
        var out = (0..<BitPacking.blockSize).map { _ in UInt32(max == 0 ? 0 : rng.next() % (max + 1)) }
        out[3] = UInt32(max) // extremes at several offsets in a group of 8
        out[64] = 0
        out[127] = UInt32(max)
        return out
    }

    /// Unpacks `bytes` from a buffer followed by `padding` bytes of `fill`.
    static func unpack(_ bytes: [UInt8], width: Int, fill: UInt8) -> [UInt32] {
        let buf = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + 8, alignment: 8)
        defer { buf.deallocate() }
        buf.initializeMemory(as: UInt8.self, repeating: fill, count: bytes.count + 8)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { buf.copyMemory(from: b, byteCount: bytes.count) } }
        var out = [UInt32](repeating: 0xDEAD_BEEF, count: BitPacking.blockSize)
        out.withUnsafeMutableBufferPointer { BitPacking.unpack(UnsafeRawPointer(buf), width: width, into: $0.baseAddress!) } // 128 elements
        return out
    }

    @Test(arguments: 0...32)
    func roundTripsEveryWidth(width: Int) {
        for seed in [1, 2, 3] as [UInt64] {
            let vs = Self.values(width: width, seed: seed &* 7919 &+ UInt64(width)) // distinct seeds per width
            var sink = ByteSink()
            vs.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: width, into: &sink) } // 128 elements
            #expect(sink.count == BitPacking.byteCount(width: width))
            #expect(Self.unpack(sink.bytes, width: width, fill: 0xFF) == vs, "width \(width)")
            #expect(Self.unpack(sink.bytes, width: width, fill: 0x00) == vs, "width \(width)")
            // One value at a time (a cursor's lazy freq), from the same padded bytes.
            let padded = sink.bytes + [UInt8](repeating: 0xFF, count: 8)
            let one = padded.withUnsafeBytes { b in (0..<BitPacking.blockSize).map { BitPacking.value(b.baseAddress!, width: width, at: $0) } } // non-empty
            #expect(one == vs, "value(at:) at width \(width)")
        }
    }

    /// Value i occupies bits i·width ..< (i+1)·width of the little-endian byte stream (the layout
    /// FORMAT.md documents), checked bit by bit against the unpacked values.
    @Test(arguments: [1, 5, 13, 24, 31, 32])
    func bitLayoutIsLittleEndianLowBitsFirst(width: Int) {
        let vs = Self.values(width: width, seed: 99)
        var sink = ByteSink()
        vs.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: width, into: &sink) } // 128 elements
        for (i, v) in vs.enumerated() {
            var fromBits: UInt32 = 0
            for b in 0..<width {
                let bit = i * width + b
                if sink.bytes[bit / 8] >> UInt8(bit % 8) & 1 == 1 { fromBits |= 1 << UInt32(b) }
            }
            #expect(fromBits == v, "value \(i) at width \(width)")
        }
    }
}
