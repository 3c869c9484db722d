// Byte layout primitives used by every index codec:
//   u16/u32/u64/i32 : little-endian, unaligned
//   vint            : LEB128 (7 bits per byte, low group first, high bit = more follows), ≤ 10 bytes for UInt64
//   bytes           : vint length + raw bytes
//   optional string : vint (length + 1), 0 = nil, followed by UTF-8 bytes

/// Append-only little-endian byte buffer for codec writers.
///
/// - Complexity: every append is amortized O(size of the value).
struct ByteSink {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always) mutating func u8(_ v: UInt8) { bytes.append(v) }

    @inline(__always) mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    @inline(__always) mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }

    @inline(__always) mutating func vint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always) mutating func vint(_ v: Int) { vint(UInt64(v)) }
    @inline(__always) mutating func vint(_ v: UInt32) { vint(UInt64(v)) }

    mutating func raw(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func lengthPrefixed(_ b: [UInt8]) { vint(b.count); bytes.append(contentsOf: b) }

    mutating func string(_ s: String) { vint(s.utf8.count); bytes.append(contentsOf: s.utf8) }

    mutating func optionalString(_ s: String?) {
        guard let s else { vint(0); return }
        vint(s.utf8.count + 1); bytes.append(contentsOf: s.utf8)
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Bounds-checked cursor over mapped bytes; every read throws `ByteSource.Overrun` instead of reading past the end.
///
/// Used on metadata paths (headers, stored fields, dictionaries) where a damaged file must not crash.
struct ByteSource {
    struct Overrun: Error {}
    let base: UnsafeRawPointer
    let end: Int
    var pos: Int

    init(_ base: UnsafeRawPointer, start: Int, end: Int) { self.base = base; self.pos = start; self.end = end }

    init(_ buf: UnsafeRawBufferPointer) {
        // An empty buffer may have a nil base; point at a static byte (never read, end == 0).
        self.base = buf.baseAddress ?? UnsafeRawPointer(ByteSource.emptyByte)
        self.pos = 0
        self.end = buf.count
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1) // never freed: one byte for the process lifetime

    var atEnd: Bool { pos >= end }

    @inline(__always) mutating func u8() throws -> UInt8 {
        guard pos < end else { throw Overrun() }
        defer { pos += 1 }
        return base.load(fromByteOffset: pos, as: UInt8.self)
    }

    @inline(__always) mutating func u32() throws -> UInt32 {
        guard end - pos >= 4 else { throw Overrun() }
        defer { pos += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
    }

    @inline(__always) mutating func u64() throws -> UInt64 {
        guard end - pos >= 8 else { throw Overrun() }
        defer { pos += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
    }

    @inline(__always) mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }

    @inline(__always) mutating func vint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard pos < end, shift < 64 else { throw Overrun() }
            let b = base.load(fromByteOffset: pos, as: UInt8.self)
            pos += 1
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always) mutating func vintInt() throws -> Int {
        let v = try vint()
        guard v <= UInt64(Int.max) else { throw Overrun() }
        return Int(v)
    }

    mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, end - pos >= n else { throw Overrun() }
        defer { pos += n }
        return UnsafeRawBufferPointer(start: base + pos, count: n)
    }

    mutating func lengthPrefixed() throws -> [UInt8] { Array(try bytes(try vintInt())) }

    mutating func string() throws -> String { String(decoding: try bytes(try vintInt()), as: UTF8.self) }

    mutating func optionalString() throws -> String? {
        let n = try vintInt()
        if n == 0 { return nil }
        return String(decoding: try bytes(n - 1), as: UTF8.self)
    }
}

/// Unchecked little-endian loads for hot paths over data whose bounds were validated when the file was opened.
enum Raw {
    @inline(__always) static func u32(_ p: UnsafeRawPointer, _ off: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: off, as: UInt32.self))
    }
    @inline(__always) static func u64(_ p: UnsafeRawPointer, _ off: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: off, as: UInt64.self))
    }
    @inline(__always) static func i32(_ p: UnsafeRawPointer, _ off: Int) -> Int32 {
        Int32(bitPattern: u32(p, off))
    }
    /// Reads a vint at `pos` and advances it.
    @inline(__always) static func vint(_ p: UnsafeRawPointer, _ pos: inout Int) -> UInt32 {
        var b = UInt32(p.load(fromByteOffset: pos, as: UInt8.self))
        pos &+= 1 // pos is a valid in-file offset; cannot overflow Int
        if b < 0x80 { return b }
        var result = b & 0x7f
        var shift: UInt32 = 7
        repeat {
            b = UInt32(p.load(fromByteOffset: pos, as: UInt8.self))
            pos &+= 1 // as above
            result |= (b & 0x7f) << shift
            shift &+= 7 // at most 5 iterations for a UInt32 written by ByteSink
        } while b >= 0x80 && shift < 35
        return result
    }
}
