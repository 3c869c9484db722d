/// Decodes one character reference (`&name;`, `&#123;`, `&#x1F;`, legacy `&amp`) into a `TextSink`.
///
/// Rules (HTML5 text content): a named reference with `;` must be an HTML5 entity; without `;`
/// the longest legacy entity name that prefixes the letters wins (`&notit` → `¬it`); numeric
/// references may omit `;`, map 0x80–0x9F through Windows-1252 and turn 0, surrogates and values
/// above U+10FFFF into U+FFFD. Anything else leaves the `&` as text.
enum EntityDecoder {
    /// Decodes the reference whose `&` is at `p[i]`.
    ///
    /// - Returns: the index after the consumed bytes (at least `i + 1`).
    /// - Complexity: O(1): names are read up to 32 bytes, digits are consumed but saturate.
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int, into sink: inout TextSink) -> Int {
        let j = i + 1
        guard j < n else { sink.ascii(38); return n }
        if p[j] == 35 { return numeric(p, at: i, count: n, into: &sink) } // '#'
        var k = j
        while k < n && k - j < HTMLEntityTable.maxNameLength && isAlnum(p[k]) { k += 1 }
        let nameLength = k - j
        guard nameLength > 0 else { sink.ascii(38); return j }
        if k < n && p[k] == 59 { // ';'
            // the two most frequent entities, without hashing
            if nameLength == 4 && p[j] == 110 && p[j + 1] == 98 && p[j + 2] == 115 && p[j + 3] == 112 { // nbsp
                sink.space(); return k + 1
            }
            if nameLength == 3 && p[j] == 97 && p[j + 1] == 109 && p[j + 2] == 112 { // amp
                sink.ascii(38); return k + 1
            }
            if HTMLEntityTable.shared.lookup(p + j, nameLength + 1, { emitValue($0, into: &sink) }) { return k + 1 }
        }
        var length = min(nameLength, HTMLEntityTable.maxLegacyNameLength)
        while length >= 2 {
            if HTMLEntityTable.shared.lookup(p + j, length, { emitValue($0, into: &sink) }) { return j + length }
            length -= 1
        }
        sink.ascii(38)
        return j
    }

    @inline(__always)
    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122) // | 0x20: ASCII lower-case
    }

    /// `&#…` at `p[i]`.
    private static func numeric(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int, into sink: inout TextSink) -> Int {
        var k = i + 2
        let hex = k < n && (p[k] | 0x20) == 120 // 'x'
        if hex { k += 1 }
        let digitsStart = k
        var value: UInt32 = 0
        while k < n {
            let b = p[k]
            var d: UInt32
            if b >= 48 && b <= 57 { d = UInt32(b &- 48) } // '0'-'9'; &-: b >= 48
            else if hex && (b | 0x20) >= 97 && (b | 0x20) <= 102 { d = UInt32((b | 0x20) &- 87) } // 'a'-'f' → 10-15
            else { break }
            value = min(value &* (hex ? 16 : 10) &+ d, 0x110000) // saturates: value ≤ 0x110000 before, so no overflow
            k += 1
        }
        guard k > digitsStart else { sink.ascii(38); return i + 1 } // "&#" without digits stays text
        if k < n && p[k] == 59 { k += 1 } // ';'
        var cp = value
        if cp == 0 || cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF) { cp = 0xFFFD }
        else if cp >= 0x80 && cp <= 0x9F { cp = Windows1252.scalar(UInt8(cp)) }
        sink.scalar(cp)
        return k
    }

    /// Emits an entity value (valid UTF-8 from the table) scalar by scalar.
    private static func emitValue(_ v: UnsafeBufferPointer<UInt8>, into sink: inout TextSink) {
        let base = v.baseAddress! // table values are never empty
        var i = 0
        while i < v.count {
            if base[i] < 0x80 { sink.ascii(base[i]); i += 1; continue }
            guard let (cp, length) = UTF8Scalar.decode(base, i, v.count) else { i += 1; continue }
            sink.scalar(cp)
            i += length
        }
    }
}
