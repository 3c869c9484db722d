/// The output side of text extraction: collapses white space, places block boundaries and
/// guarantees valid UTF-8.
///
/// Contract of the bytes it produces: valid UTF-8; no leading or trailing space or `\n`;
/// runs of white space become one space; a pending block boundary wins over a pending space
/// and becomes exactly one `\n` with no space on either side; NUL and other control
/// characters are spaces; zero-width characters (soft hyphen, ZWSP, ZWJ, BOM…) vanish.
///
/// It owns a manually grown buffer (one allocation per document, doubling), so appending a
/// byte is a store and a capacity check, not an `Array.append`.
struct TextSink: ~Copyable {
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// White space seen since the last visible character.
    var pendingSpace = false
    /// A block boundary seen since the last visible character.
    var pendingBreak = false
    /// Newlines in the current white-space run (plain-text mode: 2+ is a block boundary).
    var newlineRun = 0
    /// True for `.text` bodies: a blank line is a block boundary, a single newline a space.
    let plainText: Bool

    init(expectedInput: Int, plainText: Bool) {
        capacity = max(64, expectedInput / 2)
        buffer = .allocate(capacity: capacity)
        self.plainText = plainText
    }

    deinit { buffer.deallocate() }

    /// Appends everything written to `out`.
    func append(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: count))
    }

    @inline(__always)
    private mutating func reserve(_ k: Int) {
        if count + k > capacity { grow(count + k) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        nb.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = nb
        capacity = c
    }

    /// Emits the pending separator before a visible character.
    @inline(__always)
    private mutating func flushPending() {
        if count > 0 {
            if pendingBreak { buffer[count] = 10; count += 1 }
            else if pendingSpace { buffer[count] = 32; count += 1 }
        }
        pendingBreak = false
        pendingSpace = false
        newlineRun = 0
    }

    /// A block boundary (`\n` in the output unless nothing visible follows).
    @inline(__always)
    mutating func blockBreak() { pendingBreak = true }

    /// A word separator (one space unless nothing visible follows or a boundary is pending).
    @inline(__always)
    mutating func space() { pendingSpace = true }

    /// White space from the input: `\n` counts towards a blank line in plain-text mode.
    @inline(__always)
    mutating func whitespace(_ b: UInt8) {
        pendingSpace = true
        if plainText {
            if b == 10 { newlineRun += 1; if newlineRun >= 2 { pendingBreak = true } }
            else if b == 12 { pendingBreak = true } // form feed: page break
        }
    }

    /// Appends `n` visible ASCII bytes starting at `p`, possibly with single spaces between two of
    /// them (no other white space, no controls; first and last byte visible): copied as they are.
    @inline(__always)
    mutating func visibleASCII(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n + 1)
        flushPending()
        Self.copy(p, to: buffer + count, n)
        count += n
    }

    /// Copies `n` bytes; words are short, so up to 16 bytes go as two overlapping loads/stores
    /// instead of a `memmove` call.
    @inline(__always)
    static func copy(_ src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>, _ n: Int) {
        let s = UnsafeRawPointer(src), d = UnsafeMutableRawPointer(dst)
        if n >= 8 && n <= 16 {
            let a = s.loadUnaligned(as: UInt64.self), b = s.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            d.storeBytes(of: a, as: UInt64.self)
            d.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let a = s.loadUnaligned(as: UInt32.self), b = s.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            d.storeBytes(of: a, as: UInt32.self)
            d.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
        } else if n > 0 && n < 4 {
            let a = src[0], m = src[n >> 1], z = src[n - 1]
            dst[0] = a; dst[n >> 1] = m; dst[n - 1] = z
        } else if n > 16 {
            dst.update(from: src, count: n)
        }
    }

    /// Appends one ASCII byte, classifying white space and control characters.
    @inline(__always)
    mutating func ascii(_ b: UInt8) {
        if b > 32 && b < 127 {
            reserve(2)
            flushPending()
            buffer[count] = b
            count += 1
        } else if b == 32 || b == 9 || b == 10 || b == 13 || b == 12 || b == 11 {
            whitespace(b)
        } else {
            pendingSpace = true // NUL, other C0 controls, DEL
        }
    }

    /// Appends a Unicode scalar value, classifying white space, zero-width and invalid values.
    mutating func scalar(_ cp: UInt32) {
        if cp < 0x80 { ascii(UInt8(cp)); return }
        switch cp {
        case 0x80...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            pendingSpace = true // C1 controls, NBSP and Unicode spaces
        case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF:
            return // soft hyphen, zero-width space/joiners, word joiner, BOM: invisible inside words
        case 0xD800...0xDFFF, 0x110000...:
            encodeVisible(0xFFFD)
        default:
            encodeVisible(cp)
        }
    }

    /// Appends a valid multi-byte UTF-8 sequence of `length` bytes at `p` whose scalar is `cp`.
    @inline(__always)
    mutating func multiByte(_ p: UnsafePointer<UInt8>, length: Int, scalar cp: UInt32) {
        if cp <= 0xA0 || cp == 0xAD || (cp >= 0x1680 && Self.isSpecial(cp)) { scalar(cp); return }
        reserve(length + 1)
        flushPending()
        (buffer + count).update(from: p, count: length)
        count += length
    }

    @inline(__always)
    private static func isSpecial(_ cp: UInt32) -> Bool {
        cp == 0x1680 || (cp >= 0x2000 && cp <= 0x2060) || cp == 0x3000 || cp == 0xFEFF
    }

    @inline(__always)
    private mutating func encodeVisible(_ cp: UInt32) {
        reserve(5)
        flushPending()
        count += UTF8Scalar.encode(cp, into: buffer + count)
    }
}
