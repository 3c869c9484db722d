#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level search helpers over raw buffers used by the filing parsers.
///
/// Every search here is linear in the bytes it looks at: needles are short constants,
/// so the first-byte `memchr` + compare loop costs at most `needle.count` per position.
enum ByteScan {
    /// Byte order of two strings' UTF-8 (memcmp; no `String` comparison, no arrays).
    static func less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n) // n > 0: both non-empty
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
    }

    /// First index `i` in `from..<to` where `needle` starts, or nil.
    ///
    /// - Complexity: O((to - from) · needle.count) worst case, O(to - from) typically (memchr).
    static func find(_ needle: [UInt8], in buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        let m = needle.count
        guard m > 0, from >= 0, to <= buf.count, to - from >= m, let base = buf.baseAddress else { return nil }
        let first = Int32(needle[0])
        var i = from
        let last = to - m
        while i <= last {
            // memchr over the remaining candidate start positions.
            guard let p = memchr(base + i, first, last - i + 1) else { return nil }
            let j = base.distance(to: UnsafeRawPointer(p))
            var k = 1
            while k < m && buf[j + k] == needle[k] { k += 1 }
            if k == m { return j }
            i = j + 1
        }
        return nil
    }

    /// Last index where `needle` starts inside `from..<to`, scanning backwards; nil if absent.
    ///
    /// - Complexity: O((to - from) · needle.count); callers pass small windows.
    static func findLast(_ needle: [UInt8], in buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        let m = needle.count
        guard m > 0, to - from >= m else { return nil }
        var i = to - m
        while i >= from {
            if matches(needle, in: buf, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// True when `needle` occurs at `at`.
    @inline(__always)
    static func matches(_ needle: [UInt8], in buf: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard at >= 0, at + needle.count <= buf.count else { return false }
        for k in 0..<needle.count where buf[at + k] != needle[k] { return false }
        return true
    }

    /// True when `needle` (upper-case ASCII) occurs at `at`, comparing ASCII letters case-insensitively.
    static func matchesCaseless(_ needle: [UInt8], in buf: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard at >= 0, at + needle.count <= buf.count else { return false }
        for k in 0..<needle.count {
            var b = buf[at + k]
            if b >= 97 && b <= 122 { b -= 32 }
            if b != needle[k] { return false }
        }
        return true
    }

    /// Index of the first `\r` or `\n` at or after `from` (or `to`).
    @inline(__always)
    static func lineEnd(in buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var i = from
        while i < to {
            let b = buf[i]
            if b == 10 || b == 13 { return i }
            i += 1
        }
        return to
    }

    /// Index just past the line terminator at `at` (`\r\n`, `\n` or `\r`); `at` itself if none.
    @inline(__always)
    static func skipNewline(in buf: UnsafeRawBufferPointer, at: Int, to: Int) -> Int {
        guard at < to else { return at }
        if buf[at] == 13 { return at + 1 < to && buf[at + 1] == 10 ? at + 2 : at + 1 }
        if buf[at] == 10 { return at + 1 }
        return at
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 12 || b == 11 }

    /// First index at or after `from` that is not white space (or `to`).
    @inline(__always)
    static func skipSpace(in buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var i = from
        while i < to && isSpace(buf[i]) { i += 1 }
        return i
    }

    /// The bytes of `range` with ASCII white space trimmed, decoded as UTF-8 with a Windows-1252 fallback (`LenientText`);
    /// nil when nothing is left.
    static func trimmedString(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && isSpace(buf[lo]) { lo += 1 }
        while hi > lo && isSpace(buf[hi - 1]) { hi -= 1 }
        guard lo < hi else { return nil }
        return LenientText.decode(UnsafeRawBufferPointer(rebasing: buf[lo..<hi]))
    }
}

extension String {
    /// The string's UTF-8 bytes (for needles).
    var bytes: [UInt8] { Array(utf8) }
}
