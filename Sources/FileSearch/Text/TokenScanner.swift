/// The analyzer's byte-level state machine (see `Analyzer` for the token rules).
///
/// Inlinable so `Analyzer.forEachToken` specializes on the caller's closure. Scratch layout:
/// `scratch` holds the folded bytes of the current compound (at most `cap`, joiners included);
/// `segments` holds `segmentFields` Ints per word run of the compound (folded start/end, source
/// start/end, flags = isDigits | joinerBefore << 8), then `2 · maxSegments` Ints of emitted part
/// ranges for de-duplication.
@usableFromInline
struct TokenScanner {
    @usableFromInline let p: UnsafePointer<UInt8>
    @usableFromInline let n: Int
    @usableFromInline let emitParts: Bool
    @usableFromInline let scratch: UnsafeMutablePointer<UInt8>
    @usableFromInline let segments: UnsafeMutablePointer<Int>
    /// `TokenScanner.asciiFoldTable`, read once per scanner (not once per word run).
    @usableFromInline let asciiFold: UnsafePointer<UInt8>
    /// Folded bytes in `scratch`.
    @usableFromInline var len = 0
    /// Writes fail at or beyond this length (set to 0 once a write overflowed, so nothing after it is kept;
    /// `cap` is never 0).
    @usableFromInline var limit = 0
    @usableFromInline var full = false
    @usableFromInline var segmentCount = 0
    @usableFromInline var position: UInt32 = 0
    /// Primary tokens emitted (the document length).
    @usableFromInline var length: UInt32 = 0
    @usableFromInline var pendingGap = false

    @inlinable static var cap: Int { Analyzer.maxTermBytes }
    @inlinable static var maxSegments: Int { 32 }
    @inlinable static var segmentFields: Int { 5 }

    @inlinable
    init(_ p: UnsafePointer<UInt8>, count n: Int, emitParts: Bool) {
        self.p = p
        self.n = n
        self.emitParts = emitParts
        scratch = .allocate(capacity: Self.cap + 8) // 8 bytes of slack past the longest term: see `Token`
        scratch.initialize(repeating: 0, count: Self.cap + 8)
        segments = .allocate(capacity: Self.maxSegments * (Self.segmentFields + 2))
        asciiFold = Self.asciiFoldTable
    }

    @inlinable
    func deallocate() {
        scratch.deallocate()
        segments.deallocate()
    }

    // MARK: character classes

    @inlinable @inline(__always)
    static func isAlnumASCII(_ b: UInt8) -> Bool { b &- 48 < 10 || (b | 0x20) &- 97 < 26 } // &-: wrapping range checks

    /// True if a word starts at `k`: an ASCII letter/digit or a non-ASCII scalar that folds to something.
    @inlinable @inline(__always)
    func startsWord(_ k: Int) -> Bool {
        let b = p[k]
        if b < 0x80 { return Self.isAlnumASCII(b) }
        return Self.startsWordScalar(p, k, n)
    }

    @usableFromInline
    static func startsWordScalar(_ p: UnsafePointer<UInt8>, _ k: Int, _ n: Int) -> Bool {
        guard let (cp, _) = UTF8Scalar.decode(p, k, n), cp != 0x02BC else { return false } // ʼ is an apostrophe here, never a word start
        let f = CaseFolding.fold(cp)
        return (f >> 56) & 0x7F != 0 // a letter with a non-empty folding (combining marks do not start words)
    }

    // MARK: scanning

    /// Scans all of the text.
    @inlinable
    mutating func run(_ body: (borrowing Token) throws -> Void) rethrows {
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if Self.isAlnumASCII(b) { i = try compound(from: i, body); continue }
                if b == 10 { pendingGap = true }
                i += 1
            } else if Self.startsWordScalar(p, i, n) {
                let next = try compound(from: i, body)
                i = next > i ? next : i + 1 // always progress (a word start always consumes; defensive)
            } else {
                i += 1 // a separator scalar's continuation bytes are skipped as separators too
            }
        }
    }

    /// One word run (letters, digits, inner apostrophes) from `from`; folded bytes go to `scratch`.
    ///
    /// Works on local copies of `len`/`limit` (stores through `scratch` could otherwise force
    /// reloads of `self`'s fields every byte).
    @inlinable
    mutating func segment(from: Int, digits: inout Bool) -> Int {
        let p = self.p, n = self.n, out = scratch
        let fold = asciiFold
        var i = from
        var l = len
        var lim = limit
        var allDigits = true
        var folded: UInt8 = 0 // OR of the ASCII letters/digits: bit 0x40 set iff a letter was among them
        while i < n {
            // Eight bytes at a time while they are ASCII letters and digits (the common case): one
            // branch per 8 bytes instead of one per byte. `scratch` has 8 bytes of slack past `cap`.
            if i &+ 8 <= n && l &+ 8 <= lim { // i + 8 ≤ n and l + 8 ≤ lim ≤ cap: no overflow
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let (k, f) = Self.asciiWordPrefix(w)
                UnsafeMutableRawPointer(out + l).storeBytes(of: f, as: UInt64.self) // bytes past k are scratch, overwritten or unused
                l &+= k; i &+= k // k ≤ 8
                folded |= Self.orBytes(f, k)
                if k == 8 { continue }
            }
            let b = p[i]
            let c = fold[Int(b)]
            if c != 0 { // an ASCII letter (lower-cased) or digit
                if l < lim { out[l] = c; l += 1 } else { lim = 0 }
                folded |= c
                i += 1
                continue
            }
            if b < 0x80 {
                if b == 39 && i + 1 < n && startsWord(i + 1) { // inner '
                    if l < lim { out[l] = 39; l += 1 } else { lim = 0 }
                    allDigits = false
                    i += 1
                    continue
                }
                break
            }
            let next = Self.foldScalar(p, i, n)
            if next.kind == 0 { break }
            if next.kind == 2 { // ’ or ʼ: an apostrophe
                guard i + next.length < n && startsWord(i + next.length) else { break }
                if l < lim { out[l] = 39; l += 1 } else { lim = 0 }
            } else {
                let k = Int((next.fold >> 56) & 0x7F)
                if l + k <= lim {
                    for t in 0..<k { out[l + t] = UInt8(truncatingIfNeeded: next.fold >> (8 * UInt64(t))) }
                    l += k
                } else { lim = 0 }
            }
            allDigits = false
            i += next.length
        }
        if lim == 0 { full = true }
        len = l
        limit = lim
        digits = allDigits && folded & 0x40 == 0 // digits are 0x30–0x39, lower-case letters 0x61–0x7A
        return i
    }

    /// The number of leading bytes of `w` (little-endian) that are ASCII letters or digits, and `w`
    /// with its letters lower-cased (SWAR: per-byte range checks on 7-bit values, high bits masked).
    @inlinable @inline(__always)
    static func asciiWordPrefix(_ w: UInt64) -> (count: Int, folded: UInt64) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7 = w & ~high
        // b + (0x80 - lo) has its high bit set iff b ≥ lo; b + (0x7F - hi) iff b > hi (7-bit b: no carries).
        let lower = low7 | 0x2020_2020_2020_2020 // letters to lower case ('@'→'`', '['→'{': still outside)
        let letters = (lower &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(lower &+ 0x0505_0505_0505_0505) & high // 'a'…'z' (0x61…0x7A); &+: no carry out of any byte
        let digits = (low7 &+ 0x5050_5050_5050_5050) & ~(low7 &+ 0x4646_4646_4646_4646) & high // '0'…'9' (0x30…0x39); as above
        let alnum = (letters | digits) & ~w // a byte with its own high bit set is not ASCII
        let stop = ~alnum & high
        let k = stop == 0 ? 8 : stop.trailingZeroBitCount >> 3
        return (k, w | letters >> 2) // 0x80 >> 2 = 0x20: the lower-case bit of each letter
    }

    /// The OR of the first `k` (≤ 8) bytes of `w`.
    @inlinable @inline(__always)
    static func orBytes(_ w: UInt64, _ k: Int) -> UInt8 {
        var v = k == 8 ? w : w & ((1 &<< UInt64(truncatingIfNeeded: k &* 8)) &- 1) // k < 8: shift < 64
        v |= v >> 32; v |= v >> 16; v |= v >> 8
        return UInt8(truncatingIfNeeded: v)
    }

    /// By byte: the lower-cased byte for ASCII letters and digits, 0 for everything else (one load
    /// and one branch per byte on the common path of `segment`).
    @usableFromInline
    nonisolated(unsafe) static let asciiFoldTable: UnsafePointer<UInt8> = { // written once in the initializer, read-only after
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256) // lives for the process
        for b in 0..<256 {
            let u = UInt8(b)
            t[b] = u &- 48 < 10 ? u : ((u | 0x20) &- 97 < 26 ? u | 0x20 : 0) // &-: wrapping range checks
        }
        return UnsafePointer(t)
    }()

    /// Classifies the non-ASCII scalar at `i`: kind 0 separator (or invalid), 1 letter with its fold, 2 apostrophe.
    @usableFromInline
    static func foldScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (kind: Int, fold: UInt64, length: Int) {
        guard let (cp, length) = UTF8Scalar.decode(p, i, n) else { return (0, 0, 1) }
        if cp == 0x2019 || cp == 0x02BC { return (2, 0, length) }
        let f = CaseFolding.fold(cp)
        return (f == 0 ? 0 : 1, f, length)
    }

    /// Three ASCII digits at `k` not followed by another letter or digit (a thousands group).
    @inlinable
    func thousandsGroup(at k: Int) -> Bool {
        guard k + 2 < n, p[k] &- 48 < 10, p[k + 1] &- 48 < 10, p[k + 2] &- 48 < 10 else { return false } // &-: wrapping range checks
        return k + 3 == n || !Self.isAlnumASCII(p[k + 3])
    }

    /// Scans the compound starting at `start` and emits it; returns the index after it.
    @inlinable
    mutating func compound(from start: Int, _ body: (borrowing Token) throws -> Void) rethrows -> Int {
        var i = start
        segmentCount = 0
        len = 0
        var split = false       // too long to keep whole: every run is its own token
        var commasOnly = true   // every run so far digits, every joiner a comma
        var joiner: UInt8 = 0
        while true {
            let foldStart = len, srcStart = i
            full = false
            limit = Self.cap
            var digits = true
            i = segment(from: i, digits: &digits)
            if segmentCount == 0 && !split && !full && (i >= n || !Self.mayJoin(p[i])) {
                // Fast path, the common case: a lone word run (what `emitCompound` does with one run).
                try primary(0, len, start, i, body)
                return i
            }
            if full {
                if !split && segmentCount > 0 {
                    try flushIndividually(body)
                    split = true
                    len = 0
                    i = srcStart // rescan this run on its own
                    continue
                }
                split = true // a single run longer than the cap: dropped
                len = 0
            } else if split {
                try primary(0, len, srcStart, i, body)
                len = 0
            } else {
                let s = segments + segmentCount * Self.segmentFields
                s[0] = foldStart; s[1] = len; s[2] = srcStart; s[3] = i
                s[4] = (digits ? 1 : 0) | Int(joiner) << 8
                segmentCount += 1
            }
            commasOnly = commasOnly && digits
            guard i < n else { break }
            var j = p[i], jl = 1
            if j == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x90 || p[i + 2] == 0x91) { j = 45; jl = 3 } // U+2010, U+2011 hyphens
            else if j != 45 && j != 46 && j != 44 { break } // '-', '.', ','
            guard i + jl < n && startsWord(i + jl) else { break }
            if j == 44 {
                guard !split, commasOnly, segmentCount > 1 || i - srcStart <= 3, thousandsGroup(at: i + 1) else { break }
            } else {
                commasOnly = false
            }
            if !split {
                if segmentCount == Self.maxSegments || len + 1 >= Self.cap {
                    try flushIndividually(body)
                    split = true
                    len = 0
                } else {
                    scratch[len] = j
                    len += 1
                }
            }
            joiner = j
            i += jl
        }
        if !split && segmentCount > 0 { try emitCompound(start, i, body) }
        return i
    }

    /// Whether `b` can start a joiner (`-`, `.`, `,`, or the lead byte of U+2010/U+2011).
    @inlinable @inline(__always)
    static func mayJoin(_ b: UInt8) -> Bool { b == 45 || b == 46 || b == 44 || b == 0xE2 }

    /// Emits the recorded runs as consecutive primary tokens (a compound that does not fit).
    @inlinable
    mutating func flushIndividually(_ body: (borrowing Token) throws -> Void) rethrows {
        for k in 0..<segmentCount {
            let s = segments + k * Self.segmentFields
            try primary(s[0], s[1], s[2], s[3], body)
        }
        segmentCount = 0
    }

    /// Emits `scratch[a..<b]` as the next primary token (source span `start..<end`).
    @inlinable
    mutating func primary(_ a: Int, _ b: Int, _ start: Int, _ end: Int, _ body: (borrowing Token) throws -> Void) rethrows {
        guard b > a else { return } // never an empty term
        if pendingGap {
            if length > 0 { position &+= 1 } // positions fit UInt32: a document is < 4 GiB
            pendingGap = false
        }
        try body(Token(term: UnsafeRawBufferPointer(start: scratch + a, count: b - a), position: position, start: start, end: end, isPart: false))
        position &+= 1 // positions fit UInt32: a document is < 4 GiB
        length &+= 1   // as above
    }

    /// Emits a compound recorded in `scratch[0..<len]` / `segments`.
    ///
    /// A compound with parts (see `Analyzer`) is emitted as its parts at consecutive positions
    /// (primary tokens, so `"forward looking statements"` finds `forward-looking statements`),
    /// and in index mode also as the whole compound stacked on the first part's position
    /// (`isPart = true`: an extra token, not counted in the length). Numbers have no parts.
    @inlinable
    mutating func emitCompound(_ start: Int, _ end: Int, _ body: (borrowing Token) throws -> Void) rethrows {
        var hyphens = 0, periods = 0, allDigits = true
        for k in 0..<segmentCount {
            let f = segments[k * Self.segmentFields + 4]
            if f & 1 == 0 { allDigits = false }
            if f >> 8 == 45 { hyphens += 1 } else if f >> 8 == 46 { periods += 1 }
        }
        if segmentCount <= 1 || (allDigits && hyphens == 0 && periods <= 1) { // a plain word or a number
            try primary(0, len, start, end, body)
            return
        }
        // Part boundaries as segment index ranges c..<d, in order.
        let ranges = segments + Self.maxSegments * Self.segmentFields
        var rangeCount = 0
        var g = 0
        while g < segmentCount {
            var h = g + 1
            while h < segmentCount && segments[h * Self.segmentFields + 4] >> 8 != 45 { h += 1 }
            var groupDigits = true, groupPeriods = 0
            for k in g..<h {
                let f = segments[k * Self.segmentFields + 4]
                if f & 1 == 0 { groupDigits = false }
                if k > g && f >> 8 == 46 { groupPeriods += 1 }
            }
            if groupPeriods == 0 || (groupDigits && groupPeriods == 1) {
                ranges[2 * rangeCount] = g; ranges[2 * rangeCount + 1] = h; rangeCount += 1
            } else {
                var c = g
                while c < h {
                    var d = c + 1
                    while d < h && segments[d * Self.segmentFields + 4] >> 8 != 46 { d += 1 }
                    ranges[2 * rangeCount] = c; ranges[2 * rangeCount + 1] = d; rangeCount += 1
                    c = d
                }
            }
            g = h
        }
        for r in 0..<rangeCount {
            let c = ranges[2 * r], d = ranges[2 * r + 1]
            let a = segments[c * Self.segmentFields], b = segments[(d - 1) * Self.segmentFields + 1]
            try primary(a, b, segments[c * Self.segmentFields + 2], segments[(d - 1) * Self.segmentFields + 3], body)
            if r == 0 && emitParts && len <= Self.cap {
                // The whole compound, stacked on the first part (position ≥ 1 after primary).
                try body(Token(term: UnsafeRawBufferPointer(start: scratch, count: len), position: position &- 1,
                               start: start, end: end, isPart: true))
            }
        }
    }

}
