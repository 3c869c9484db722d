#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import CLZ4

/// Writes page-aligned pieces of one file on a background thread, past the page cache when the file
/// system allows it (`O_DIRECT`).
///
/// For a big file the build does not read back (positions, stored text): the bytes go from a reused
/// buffer to the device, so the file takes no fresh page-cache pages (on this VM a fresh page costs
/// ~1 ms of CPU per MB, and the kernel's write-back of the dirty pages competed with the builder
/// threads), and the writing thread only waits when `maxInFlight` pieces are queued.
///
/// Contract: every piece starts at a multiple of `alignment` and is padded to one (`write(_:paddedTo:at:)`
/// pads with zeros); pieces never overlap. Call `drain()` before the file is read, fsync'd or closed
/// through another descriptor. Thread-safe: any thread may write.
/// Where `O_DIRECT` is refused (at open, or `EINVAL` on a write: tmpfs on older kernels, some network
/// file systems), the pieces go through the buffered descriptor instead, still on the background
/// thread, with write-back started behind them and written-back pages dropped from the page cache.
final class DirectWriter: @unchecked Sendable { // the descriptors' state is touched only on `queue` after init; the pool and the failure are behind mutexes
    /// Alignment of offsets and lengths (the usual page and the largest common logical block size).
    static let alignment = 4096
    /// Bytes copied per queued write (longer pieces are split).
    static let bufferBytes = 1 << 20
    /// Queued writes at most (`maxInFlight` × `bufferBytes` of buffers); a writer waits beyond it.
    static let maxInFlight = 8
    /// Buffered fallback: pages this far behind the newest write are dropped once written back.
    static let dropLag = 32 << 20

    let path: String
    private let bufferedFD: Int32
    /// The `O_DIRECT` descriptor, -1 when refused (then `bufferedFD` takes every write).
    private var directFD: Int32
    private let queue: DispatchQueue
    private let permits = DispatchSemaphore(value: DirectWriter.maxInFlight)
    private let group = DispatchGroup()
    private let pool = Mutex<[Buffer]>([])
    /// errno of the first failed write (0: none).
    private let failure = Mutex<Int32>(0)
    /// Buffered fallback: file offset below which pages were dropped, and the highest end written.
    private var dropped = 0
    private var highest = 0

    /// - Parameters:
    ///   - bufferedFD: an open descriptor of `path` (owned by the caller, kept open until `drain` returns).
    ///   - direct: false to skip `O_DIRECT` (tests of the fallback).
    init(path: String, bufferedFD: Int32, direct: Bool = true) {
        self.path = path
        self.bufferedFD = bufferedFD
        directFD = direct ? path.withCString { filesearch_open_direct($0) } : -1
        queue = DispatchQueue(label: "filesearch.direct-writer")
    }

    deinit {
        group.wait()
        if directFD >= 0 { close(directFD) }
        for b in pool.withLock({ $0 }) { b.base.deallocate() }
    }

    /// A page-aligned buffer of `bufferBytes`, handed from the writing thread to the queue and back.
    private struct Buffer: @unchecked Sendable { // owned by one thread at a time: the pool, a writer, or one queued write
        let base: UnsafeMutableRawPointer
    }

    /// Queues `bytes` followed by zeros up to `length` bytes, written at `offset`; returns once the bytes
    /// are copied (the caller may reuse its buffer).
    /// - Precondition: `offset` and `length` are multiples of `alignment`; `length ≥ bytes.count`.
    func write(_ bytes: UnsafeRawBufferPointer, paddedTo length: Int, at offset: Int) {
        precondition(offset % DirectWriter.alignment == 0 && length % DirectWriter.alignment == 0 && length >= bytes.count,
                     "DirectWriter.write: unaligned piece")
        var done = 0
        while done < length {
            let n = min(DirectWriter.bufferBytes, length - done)
            permits.wait()
            let buf = pool.withLock { $0.popLast() } ?? Buffer(base: .allocate(byteCount: DirectWriter.bufferBytes, alignment: DirectWriter.alignment))
            let copied = max(0, min(n, bytes.count - done))
            if copied > 0, let src = bytes.baseAddress { buf.base.copyMemory(from: src + done, byteCount: copied) }
            if copied < n { memset(buf.base + copied, 0, n - copied) }
            let at = offset + done
            group.enter()
            queue.async {
                self.perform(UnsafeRawBufferPointer(start: buf.base, count: n), at: at)
                self.pool.withLock { $0.append(buf) }
                self.permits.signal()
                self.group.leave()
            }
            done += n
        }
    }

    /// Waits for every queued write; returns the errno of the first failed one (0: all written).
    func drain() -> Int32 {
        group.wait()
        return failure.withLock { $0 }
    }

    /// CRC-32 of `count` (< `alignment`) zero bytes continuing from `crc`: the padding of a piece.
    static func crcOfZeros(_ crc: UInt32, count: Int) -> UInt32 {
        precondition(count < alignment, "padding longer than a page")
        return crc32Serial(crc, UnsafeRawBufferPointer(rebasing: zeroPage[0..<count]))
    }

    /// Bytes to add to `n` to reach a multiple of `alignment`.
    static func padding(_ n: Int) -> Int { (alignment - n % alignment) % alignment }

    nonisolated(unsafe) private static let zeroPage: UnsafeRawBufferPointer = { // written once here, read-only after
        let p = UnsafeMutableRawPointer.allocate(byteCount: alignment, alignment: 16) // lives for the process
        memset(p, 0, alignment)
        return UnsafeRawBufferPointer(start: p, count: alignment)
    }()

    /// Runs on `queue`: writes one piece, through `O_DIRECT` unless refused.
    private func perform(_ piece: UnsafeRawBufferPointer, at offset: Int) {
        var done = 0
        if directFD >= 0 {
            while done < piece.count {
                let n = pwrite(directFD, piece.baseAddress! + done, piece.count - done, off_t(offset + done)) // piece.count > 0
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EINVAL { close(directFD); directFD = -1; break } // refused: the buffered path writes the rest
                    fail(errno); return
                }
                done += n
            }
            if directFD >= 0 { return }
        }
        let rest = UnsafeRawBufferPointer(rebasing: piece[done...])
        guard FileOps.writeAll(bufferedFD, rest, at: offset + done) else { fail(errno); return }
        _ = filesearch_start_writeback(bufferedFD, Int64(offset + done), Int64(rest.count)) // a hint: fsync writes what it leaves
        highest = max(highest, offset + piece.count)
        if highest - dropped >= 2 * DirectWriter.dropLag {
            let end = highest - DirectWriter.dropLag
            _ = filesearch_drop_cached(bufferedFD, Int64(dropped), Int64(end - dropped)) // a hint: only clean pages go
            dropped = end
        }
    }

    private func fail(_ code: Int32) {
        failure.withLock { if $0 == 0 { $0 = code == 0 ? EIO : code } }
    }
}
