#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Forward byte searches over raw input (memchr-backed), used by the extractors to skip markup.
enum ByteSearch {
    /// Index of the first `byte` in `p[from..<to]`, or nil.
    ///
    /// - Complexity: O(to - from).
    @inline(__always)
    static func first(_ byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(p + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(p)
    }

    /// Index of the first `</name` (ASCII case-insensitive, `name` given lower-case) in `p[from..<to]`.
    ///
    /// - Complexity: O((to - from) · name.count) worst case, O(to - from) in practice.
    static func closingTag(_ name: StaticString, in p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let m = name.utf8CodeUnitCount
        let lit = name.utf8Start
        var i = from
        while let lt = first(60, in: p, from: i, to: to) { // '<'
            if lt + 2 + m <= to && p[lt + 1] == 47 { // '/'
                var k = 0
                while k < m && (p[lt + 2 + k] | 0x20) == lit[k] { k += 1 } // | 0x20: ASCII lower-case; name chars are letters, digits, ':'
                if k == m { return lt }
            }
            i = lt + 1
        }
        return nil
    }
}
