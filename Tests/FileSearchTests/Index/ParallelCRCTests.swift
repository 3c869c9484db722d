import Testing
@testable import FileSearch

/// Big buffers are hashed in parallel chunks joined with `crc32_combine`: the value must be the
/// serial CRC-32 for any length and starting CRC.
@Suite struct ParallelCRCTests {
    @Test func parallelEqualsSerial() {
        var rng = SystemRandomNumberGenerator()
        let n = parallelCRCBytes * 2 + 12_345
        var bytes = [UInt8](repeating: 0, count: n)
        bytes.withUnsafeMutableBytes { b in
            for w in 0..<(n / 8) { b.storeBytes(of: rng.next() as UInt64, toByteOffset: w * 8, as: UInt64.self) }
        }
        bytes.withUnsafeBytes { all in
            for len in [parallelCRCBytes, parallelCRCBytes + 1, parallelCRCBytes * 2 - 7, n] {
                let b = UnsafeRawBufferPointer(rebasing: all[0..<len])
                for start: UInt32 in [0, 0xDEAD_BEEF] {
                    #expect(crc32Update(start, b) == crc32Serial(start, b), "length \(len), start \(start)")
                }
            }
        }
    }
}
