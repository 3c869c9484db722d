import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import FileSearch

/// `streamed` index files go through `DirectWriter` (whole pages past the page cache, on a background
/// thread; the sub-page rest and the trailer through the page cache): the file must be byte for byte
/// what a plain buffered writer produces from the same writes, on the `O_DIRECT` path and on the
/// buffered fallback, and a failed background write must surface.
@Suite struct DirectWriteTests {
    /// Deterministic bytes (xorshift) so a failure reproduces.
    static func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<n).map { _ in x ^= x << 13; x ^= x >> 7; x ^= x << 17; return UInt8(truncatingIfNeeded: x) }
    }

    @Test(arguments: [true, false])
    func streamedFileEqualsPlainFile(directIO: Bool) throws {
        let dir = IndexTestSupport.tempDir("direct")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plain = try IndexFileWriter(path: dir + "/a", kind: "POSI")
        let streamed = try IndexFileWriter(path: dir + "/b", kind: "POSI", mode: .streamed, directIO: directIO)
        // Chunks around the page size and the 1 MiB buffer threshold, so whole-page writes, sub-page
        // rests and pieces split across queued buffers all happen.
        var total = 0, k: UInt64 = 1
        for n in [1, 4095, 4096, 4097, 700_000, 1 << 20, (1 << 20) + 1, 3 << 20, 12_345, 5] {
            let b = DirectWriteTests.bytes(n, seed: k)
            plain.write(b); streamed.write(b)
            total += n; k += 1
        }
        let toc: [UInt64] = [16, UInt64(total / 2)]
        let a = try plain.finish(toc: toc), b = try streamed.finish(toc: toc)
        #expect(a.size == b.size && a.crc == b.crc)
        let fa = FileOps.readFile(dir + "/a"), fb = FileOps.readFile(dir + "/b")
        let same = fa != nil && fa == fb // (not in the expectation: it would print both files)
        #expect(same, "streamed file differs from the plain one")
        let mapped = try MappedIndexFile(path: dir + "/b", kind: "POSI")
        #expect(mapped.toc == toc)
    }

    /// A region written by two threads in padded pieces (what `SharedTextStore` does), then more
    /// bytes through the writer: equal to the same bytes written in order, zeros in the padding.
    @Test(arguments: [true, false])
    func regionOfPaddedPiecesFromTwoThreads(directIO: Bool) throws {
        let dir = IndexTestSupport.tempDir("direct-region")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try IndexFileWriter(path: dir + "/s", kind: "STOR", mode: .streamed, directIO: directIO)
        w.write([1, 2, 3])
        w.align(DirectWriter.alignment)
        let (direct, start) = try w.beginRegion()
        let pieces = (0..<40).map { i in DirectWriteTests.bytes([1, 100, 4096, 9000, 300_000, 1_500_000][i % 6], seed: UInt64(i) + 100) }
        // Offsets in piece order (what the store reserves under its lock), written by two threads.
        var at = 0
        let offsets = pieces.map { p in defer { at += p.count + DirectWriter.padding(p.count) }; return at }
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            for i in stride(from: t, to: pieces.count, by: 2) {
                pieces[i].withUnsafeBytes { direct.write($0, paddedTo: $0.count + DirectWriter.padding($0.count), at: start + offsets[i]) }
            }
        }
        let crcs = pieces.map { p in
            p.withUnsafeBytes { DirectWriter.crcOfZeros(crc32Serial(0, $0), count: DirectWriter.padding(p.count)) }
        }
        w.endRegion(bytes: at, pieces: zip(crcs, pieces).map { ($0, $1.count + DirectWriter.padding($1.count)) })
        let after = DirectWriteTests.bytes(70_001, seed: 7)
        w.write(after)
        try w.finish(toc: [16])

        let expected = try IndexFileWriter(path: dir + "/e", kind: "STOR")
        expected.write([1, 2, 3])
        expected.align(DirectWriter.alignment)
        for p in pieces { expected.write(p); expected.write([UInt8](repeating: 0, count: DirectWriter.padding(p.count))) }
        expected.write(after)
        try expected.finish(toc: [16])
        let same = FileOps.readFile(dir + "/s") == FileOps.readFile(dir + "/e") // (not in the expectation: it would print both files)
        #expect(same, "region file differs from the same bytes written in order")
        _ = try MappedIndexFile(path: dir + "/s", kind: "STOR")
    }

    /// A background write that fails is reported by `drain` (here: a descriptor opened read-only).
    @Test func failedWriteIsReported() throws {
        let dir = IndexTestSupport.tempDir("direct-fail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/f"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let w = DirectWriter(path: path, bufferedFD: fd, direct: false)
        DirectWriteTests.bytes(5000, seed: 3).withUnsafeBytes { w.write($0, paddedTo: 8192, at: 0) }
        #expect(w.drain() == EBADF)
    }
}
