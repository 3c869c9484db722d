// Framing shared by every index file (byte layout):
//
//   offset 0   "FSIX"              magic (4 bytes)
//   offset 4   kind                4 ASCII bytes: TERM POST POSI COLS KEYW STOR STEM CMIT
//   offset 8   u32 format version  (indexFormatVersion)
//   offset 12  u32 0               reserved
//   offset 16  body …              component-specific (see the codec file and FORMAT.md)
//   toc        n × u64             offsets of the body's sections (component-specific meaning)
//              u32 n
//              u32 crc32           zlib CRC-32 of every byte before this field
//              "FSND"              trailer magic
//
// A file is valid only when both magics, the kind, the version and the CRC match.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
import CLZ4
import Dispatch

/// The errors index I/O reports, always as `SearchError.index` with the file name and the rebuild hint.
enum IndexIOError {
    static func damaged(_ path: String, _ why: String) -> SearchError {
        .index("index file \(path) is damaged (\(why)); rebuild with `filesearch index --rebuild`")
    }
    static func io(_ path: String, _ what: String) -> SearchError {
        .index("cannot \(what) \(path): \(String(cString: strerror(errno)))")
    }
}

/// CRC-32 (zlib polynomial) of `buf`, continuing from `crc`.
///
/// Buffers of `parallelCRCBytes` or more (verifying a big mapped file on open) are cut into one
/// chunk per core, hashed in parallel and joined with `crc32_combine`: the same value, sooner.
func crc32Update(_ crc: UInt32, _ buf: UnsafeRawBufferPointer) -> UInt32 {
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    guard buf.count >= parallelCRCBytes, cores > 1, let p = buf.baseAddress else { return crc32Serial(crc, buf) }
    let parts = min(cores, 16)
    let chunk = (buf.count + parts - 1) / parts
    let crcs = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: parts)
    defer { crcs.deallocate() }
    let out = UnsafeSendable(crcs), src = UnsafeSendable(p), count = buf.count
    DispatchQueue.concurrentPerform(iterations: parts) { i in
        let lo = i * chunk, hi = min(count, lo + chunk)
        out.value[i] = crc32Serial(i == 0 ? crc : 0, UnsafeRawBufferPointer(start: src.value + lo, count: max(0, hi - lo))) // each iteration writes its own slot
    }
    var c = UInt(crcs[0])
    for i in 1..<parts {
        let n = max(0, min(buf.count, (i + 1) * chunk) - i * chunk)
        c = CZlib.crc32_combine(c, UInt(crcs[i]), off_t(n))
    }
    return UInt32(truncatingIfNeeded: c) // zlib's uLong holds a 32-bit CRC
}

/// Buffers at least this long are hashed on several cores.
let parallelCRCBytes = 8 << 20

/// A value shared with `concurrentPerform` workers that each touch a disjoint part of it.
private struct UnsafeSendable<T>: @unchecked Sendable { // @unchecked: callers guarantee disjoint access
    let value: T
    init(_ value: T) { self.value = value }
}

/// CRC-32 of `buf` on the calling thread, continuing from `crc`.
@inline(__always)
func crc32Serial(_ crc: UInt32, _ buf: UnsafeRawBufferPointer) -> UInt32 {
    guard let p = buf.baseAddress, buf.count > 0 else { return crc }
    var c = UInt(crc)
    var off = 0
    while off < buf.count {
        let n = min(buf.count - off, Int(Int32.max))
        c = CZlib.crc32(c, p.advanced(by: off).assumingMemoryBound(to: Bytef.self), uInt(n)) // bytes are plain data; zlib reads them as Bytef
        off += n
    }
    return UInt32(truncatingIfNeeded: c) // zlib's uLong holds a 32-bit CRC
}

/// Buffered writer of one framed index file; computes the CRC while writing.
///
/// Contract: `finish` must be called; it writes the trailer, fsyncs and closes. Throws `SearchError.index` on I/O errors.
final class IndexFileWriter {
    /// What a file's life asks of the page cache and the checksum.
    enum Mode {
        /// Checksummed; write-back left to the kernel (small files, tests).
        case plain
        /// A build's temporary file (a segment to be merged, read back once, never committed): no
        /// checksum (its CRC field holds 0) and no write-back.
        case scratch
        /// Checksummed, write-back started as data is written (a committed file: `finish` fsyncs it
        /// and finds little left to write).
        case durable
        /// Checksummed, its whole pages written past the page cache on a background thread
        /// (`DirectWriter`: `O_DIRECT` where the file system allows it, else buffered with write-back
        /// started and written-back pages dropped): a big file the build does not read again
        /// (positions, stored text). It takes no fresh page-cache pages (on this VM a fresh page costs
        /// ~1 ms per MB); queries read it from disk on first use.
        case streamed
    }
    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var crc: UInt32 = 0
    /// Bytes written so far (header included) = the file offset of the next byte.
    private(set) var offset: Int = 0
    private let flushThreshold = 1 << 20
    let mode: Mode
    /// Bytes written since write-back was last started, ending at `offset`.
    private var unsubmitted = 0
    /// `streamed`: the background writer of whole pages (the file offset of `buffer[0]`, `offset -
    /// buffer.count`, stays a multiple of `DirectWriter.alignment` while it writes).
    private let direct: DirectWriter?
    /// Write-back is started every this many bytes (`durable`; `streamed` files go through `DirectWriter`).
    static let writebackBytes = 16 << 20

    /// Creates (truncates) `path` and writes the header.
    /// - Parameter directIO: false: a `streamed` file's pages go through the page cache too (tests of the fallback).
    init(path: String, kind: String, mode: Mode = .plain, directIO: Bool = true) throws {
        self.path = path
        self.mode = mode
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexIOError.io(path, "create") }
        direct = mode == .streamed ? DirectWriter(path: path, bufferedFD: fd, direct: directIO) : nil
        buffer.reserveCapacity(flushThreshold + 4096)
        var h = ByteSink()
        h.raw(Array("FSIX".utf8))
        h.raw(Array(kind.utf8.prefix(4)))
        h.u32(UInt32(indexFormatVersion))
        h.u32(0)
        write(h.bytes)
    }

    deinit {
        _ = direct?.drain() // its queue may still write through `fd`
        if fd >= 0 { close(fd) }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        offset += bytes.count
        if buffer.count >= flushThreshold { try? flushBuffer() }
    }

    func write(_ sink: ByteSink) { write(sink.bytes) }

    /// Pads with zero bytes so the next byte's offset is a multiple of `alignment`.
    func align(_ alignment: Int) {
        let pad = (alignment - offset % alignment) % alignment
        if pad > 0 { write([UInt8](repeating: 0, count: pad)) }
    }

    private var failed = false

    /// Writes the buffer out. `streamed`: only its whole pages unless `all` (the rest then goes
    /// through the page cache at its offset, after the queued pages are written).
    private func flushBuffer(all: Bool = false) throws {
        guard !buffer.isEmpty else { return }
        if let direct {
            let start = offset - buffer.count
            let whole = start % DirectWriter.alignment == 0 ? buffer.count / DirectWriter.alignment * DirectWriter.alignment : 0
            if whole > 0 {
                buffer.withUnsafeBytes { b in
                    let pages = UnsafeRawBufferPointer(rebasing: b[0..<whole])
                    crc = crc32Update(crc, pages)
                    direct.write(pages, paddedTo: whole, at: start)
                }
                buffer.removeSubrange(0..<whole) // moves < one page
            }
            guard all, !buffer.isEmpty else { return }
            let code = direct.drain()
            if code != 0 { failed = true; errno = code; throw IndexIOError.io(path, "write") }
            crc = buffer.withUnsafeBytes { crc32Update(crc, $0) }
            guard buffer.withUnsafeBytes({ FileOps.writeAll(fd, $0, at: offset - buffer.count) }) else { failed = true; throw IndexIOError.io(path, "write") }
            buffer.removeAll(keepingCapacity: true)
            return
        }
        if mode != .scratch { crc = buffer.withUnsafeBytes { crc32Update(crc, $0) } }
        guard buffer.withUnsafeBytes({ FileOps.writeAll(fd, $0) }) else { failed = true; throw IndexIOError.io(path, "write") }
        unsubmitted += buffer.count
        buffer.removeAll(keepingCapacity: true)
        if mode == .durable && unsubmitted >= IndexFileWriter.writebackBytes {
            _ = filesearch_start_writeback(fd, Int64(offset - unsubmitted), Int64(unsubmitted)) // a hint: an error only leaves the work to fsync
            unsubmitted = 0
        }
    }

    /// Starts a region that other threads fill through the background writer (`SharedTextStore`):
    /// writes the buffer out and returns the writer and the region's start offset. Call order:
    /// `beginRegion`, the region's writes (page-aligned pieces; nothing through this writer meanwhile),
    /// `endRegion`.
    /// - Precondition: a `streamed` writer whose next byte is at a multiple of `DirectWriter.alignment` (`align`).
    /// - Throws: `SearchError.index` when the buffered bytes cannot be written.
    func beginRegion() throws -> (writer: DirectWriter, offset: Int) {
        guard let direct, offset % DirectWriter.alignment == 0 else { preconditionFailure("beginRegion needs a streamed writer at a page boundary") }
        try flushBuffer()
        return (direct, offset)
    }

    /// Ends the region begun by `beginRegion`: `bytes` long, made of pieces with these CRCs and lengths
    /// in file order (each CRC from 0); the file CRC continues over them and writing resumes after them.
    /// Waits for the region's queued writes; if one failed, `finish` throws.
    func endRegion(bytes: Int, pieces: [(crc: UInt32, count: Int)]) {
        var c = UInt(crc)
        for p in pieces where p.count > 0 { c = CZlib.crc32_combine(c, UInt(p.crc), off_t(p.count)) }
        crc = UInt32(truncatingIfNeeded: c) // zlib's uLong holds a 32-bit CRC
        offset += bytes
        if direct?.drain() != 0 { failed = true }
    }

    /// Writes the table of contents and trailer, fsyncs (unless `sync` is false: a file that is never
    /// committed as is) and closes. Returns the file size and CRC.
    @discardableResult
    func finish(toc: [UInt64], sync: Bool = true) throws -> (size: Int, crc: UInt32) {
        var t = ByteSink()
        for v in toc { t.u64(v) }
        t.u32(UInt32(toc.count))
        write(t)
        try flushBuffer(all: true)
        if failed { throw IndexIOError.io(path, "write") }
        var tail = ByteSink()
        tail.u32(crc)
        tail.raw(Array("FSND".utf8))
        buffer = tail.bytes
        offset += 8
        let finalCRC = crc
        try flushBuffer(all: true)
        guard !sync || fsync(fd) == 0 else { throw IndexIOError.io(path, "fsync") }
        if mode == .streamed { _ = filesearch_drop_cached(fd, 0, 0) } // all clean after fsync; a hint only
        close(fd)
        fd = -1
        return (offset, finalCRC)
    }
}

/// A read-only memory-mapped, verified index file.
///
/// `open` maps the file, checks magics, kind, version and CRC, and reads the table of contents.
/// The mapping lives as long as the object. Immutable after init, hence `Sendable`.
final class MappedIndexFile: @unchecked Sendable { // immutable after init; the mapping is read-only
    let path: String
    let base: UnsafeRawPointer
    let size: Int
    /// Section offsets written by the producer.
    let toc: [UInt64]
    /// End of the body (start of the toc).
    let bodyEnd: Int
    let crc: UInt32
    private let mapping: UnsafeMutableRawPointer?

    /// Opens and verifies `path`, expecting `kind`.
    /// - Throws: `SearchError.index` naming the file when it is missing, truncated, of another kind/version, or its checksum fails.
    init(path: String, kind: String, verify: Bool = true) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw SearchError.index("index file \(path) is missing; rebuild with `filesearch index --rebuild`") }
            throw IndexIOError.io(path, "open")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IndexIOError.io(path, "stat") }
        size = Int(st.st_size)
        guard size >= 16 + 12 else { throw IndexIOError.damaged(path, "truncated") }
        guard let m = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), m != MAP_FAILED else {
            throw IndexIOError.io(path, "map")
        }
        do {
            (toc, bodyEnd, crc) = try MappedIndexFile.validate(UnsafeRawPointer(m), size: size, path: path, kind: kind, verify: verify)
        } catch {
            munmap(m, size)
            throw error
        }
        mapping = m
        base = UnsafeRawPointer(m)
        // Verification touched every page; drop them from this mapping (they stay in the page cache)
        // so a reader's resident memory reflects what queries use, not the whole file.
        if verify { madvise(m, size, MADV_DONTNEED) }
    }

    /// Drops the mapped pages of `[0, offset)` from this process's resident set (they stay in the
    /// page cache and fault back in on access). Used by merges after consuming a prefix.
    func release(upTo offset: Int) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(size, offset) / page * page
        if end > 0 { madvise(mapping, end, MADV_DONTNEED) }
    }

    /// Drops the mapped pages of `[from, upTo)` (whole pages inside it) from this process's resident set.
    func release(from: Int, upTo offset: Int) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (max(0, from) + page - 1) / page * page
        let end = min(size, offset) / page * page
        if end > start { madvise(mapping + start, end - start, MADV_DONTNEED) }
    }

    private static func validate(_ base: UnsafeRawPointer, size: Int, path: String, kind: String, verify: Bool) throws -> ([UInt64], Int, UInt32) {
        func fail(_ why: String) -> SearchError { IndexIOError.damaged(path, why) }
        let head = UnsafeRawBufferPointer(start: base, count: 16)
        guard Array(head[0..<4]) == Array("FSIX".utf8), Array(head[12..<16]) == [0, 0, 0, 0] else { throw fail("bad header") }
        guard Array(head[4..<8]) == Array(kind.utf8) else { throw fail("not a \(kind) file") }
        let version = Raw.u32(base, 8)
        guard version == UInt32(indexFormatVersion) else {
            throw SearchError.index("index file \(path) has format version \(version), this build reads \(indexFormatVersion); rebuild with `filesearch index --rebuild`")
        }
        guard Array(UnsafeRawBufferPointer(start: base + size - 4, count: 4)) == Array("FSND".utf8) else { throw fail("bad trailer") }
        let stored = Raw.u32(base, size - 8)
        if verify {
            let actual = crc32Update(0, UnsafeRawBufferPointer(start: base, count: size - 8))
            guard actual == stored else { throw fail("checksum mismatch") }
        }
        let n = Int(Raw.u32(base, size - 12))
        let tocStart = size - 12 - n * 8
        guard n >= 0, tocStart >= 16 else { throw fail("bad table of contents") }
        var toc: [UInt64] = []
        toc.reserveCapacity(n)
        for i in 0..<n {
            let v = Raw.u64(base, tocStart + i * 8)
            guard v >= 16, v <= UInt64(tocStart) else { throw fail("section offset out of range") }
            if let last = toc.last, v < last { throw fail("section offsets out of order") }
            toc.append(v)
        }
        return (toc, tocStart, stored)
    }

    deinit { if let mapping { munmap(mapping, size) } }

    /// Bytes `[from, to)` of the file, after checking they lie within the body.
    func slice(_ from: Int, _ to: Int) throws -> UnsafeRawBufferPointer {
        guard from >= 16, from <= to, to <= bodyEnd else { throw IndexIOError.damaged(path, "section out of range") }
        return UnsafeRawBufferPointer(start: base + from, count: to - from)
    }

    /// Section `i` of the toc as `[toc[i], toc[i+1] or bodyEnd)`.
    func section(_ i: Int) throws -> UnsafeRawBufferPointer {
        guard i < toc.count else { throw IndexIOError.damaged(path, "missing section \(i)") }
        let from = Int(toc[i])
        let to = i + 1 < toc.count ? Int(toc[i + 1]) : bodyEnd
        return try slice(from, to)
    }

    func damaged(_ why: String) -> SearchError { IndexIOError.damaged(path, why) }
}
