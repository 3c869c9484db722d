// Reads the TERM layout described in TermDictWriter.swift.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only view of one field's term dictionary inside a mapped TERM file.
///
/// Lookups binary-search the block index (first term of each block), then scan one block.
/// Damaged structure never reads outside the file: every read is bounds-checked.
struct TermDictReader: @unchecked Sendable { // immutable view into an immutable mapping
    let file: MappedIndexFile
    let termCount: Int
    let blockCount: Int
    private let indexAt: Int
    private let sectionEnd: Int

    init(file: MappedIndexFile, field: Int) throws {
        self.file = file
        let sec = try file.section(field)
        var src = ByteSource(sec)
        let tc = try src.u64(), bc = try src.u64()
        guard tc <= UInt64(sec.count), bc <= UInt64(sec.count / 8),
              bc == (tc + UInt64(TermDictWriter.blockSize) - 1) / UInt64(TermDictWriter.blockSize) else {
            throw file.damaged("bad term dictionary header")
        }
        termCount = Int(tc)
        blockCount = Int(bc)
        indexAt = Int(file.toc[field]) + 16
        sectionEnd = Int(file.toc[field]) + sec.count
        guard indexAt + blockCount * 8 <= sectionEnd else { throw file.damaged("bad term block index") }
        for b in 0..<blockCount {
            let off = Int(Raw.u64(file.base, indexAt + b * 8))
            guard off >= indexAt + blockCount * 8, off < sectionEnd else { throw file.damaged("bad term block offset") }
        }
    }

    private func blockOffset(_ b: Int) -> Int { Int(Raw.u64(file.base, indexAt + b * 8)) }

    /// One decoded dictionary entry.
    struct Entry {
        var term: [UInt8]
        var info: TermInfo
    }

    /// Sequential decoder over the dictionary starting at a block.
    struct Iterator {
        let dict: TermDictReader
        var src: ByteSource
        var ordinal: Int
        var term: [UInt8] = []
        var info = TermInfo(docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)

        init(dict: TermDictReader, block: Int) {
            self.dict = dict
            let start = block < dict.blockCount ? dict.blockOffset(block) : dict.sectionEnd
            src = ByteSource(dict.file.base, start: start, end: dict.sectionEnd)
            ordinal = block * TermDictWriter.blockSize
        }

        /// Decodes the next term into `term`/`info`; false at the end.
        /// - Throws: `SearchError.index` when the block is malformed.
        mutating func next() throws -> Bool {
            guard ordinal < dict.termCount else { return false }
            do {
                let first = ordinal % TermDictWriter.blockSize == 0
                let prefix = try src.vintInt()
                let suffix = try src.bytes(try src.vintInt())
                guard prefix <= term.count, !(first && prefix != 0) else { throw ByteSource.Overrun() }
                // In place: keep the shared prefix, copy the suffix over the rest (no generic
                // replaceSubrange/append per term; a merge calls this for every term of every input).
                let n = prefix + suffix.count
                if n < term.count { term.removeLast(term.count - n) } else if n > term.count { term.append(contentsOf: repeatElement(0, count: n - term.count)) }
                if let src = suffix.baseAddress {
                    term.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: prefix).copyMemory(from: src, byteCount: suffix.count) } // prefix + suffix.count == term.count
                }
                let df = try src.vintInt()
                let extra = try src.vintInt()
                let po = try src.vint(), pp = try src.vint()
                info = TermInfo(docFreq: df, totalTermFreq: df + extra,
                                postingsOffset: first ? po : info.postingsOffset &+ po, // bounds checked by the caller
                                positionsOffset: first ? pp : info.positionsOffset &+ pp) // as above
                ordinal += 1
                return true
            } catch is ByteSource.Overrun {
                throw dict.file.damaged("bad term entry")
            }
        }
    }

    /// Whether the first term of block `b` (stored whole) is ≤ `key`, compared in place.
    private func firstTerm(_ b: Int, isAtMost key: [UInt8]) throws -> Bool {
        var src = ByteSource(file.base, start: blockOffset(b), end: sectionEnd)
        do {
            guard try src.vintInt() == 0 else { throw ByteSource.Overrun() }
            let t = try src.bytes(try src.vintInt())
            let n = min(t.count, key.count)
            let c = n == 0 ? 0 : key.withUnsafeBytes { memcmp(t.baseAddress!, $0.baseAddress!, n) } // n > 0: both non-empty
            return c < 0 || (c == 0 && t.count <= key.count)
        } catch is ByteSource.Overrun {
            throw file.damaged("bad term block")
        }
    }

    /// Last block whose first term is ≤ `key` (0 when `key` precedes everything).
    func block(for key: [UInt8]) throws -> Int {
        var lo = 0, hi = blockCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if try firstTerm(mid, isAtMost: key) { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The entry of `term`, or nil.
    func lookup(_ term: [UInt8]) throws -> TermInfo? {
        guard blockCount > 0 else { return nil }
        var it = Iterator(dict: self, block: try block(for: term))
        var n = 0
        while n < TermDictWriter.blockSize, try it.next() {
            if it.term == term { return it.info }
            if term.lexicographicallyPrecedes(it.term) { return nil }
            n += 1
        }
        return nil
    }

    /// Up to `limit` terms starting with `prefix`, ascending.
    func terms(prefix: [UInt8], limit: Int) throws -> [[UInt8]] {
        try entries(prefix: prefix, limit: limit).map(\.term)
    }

    /// Up to `limit` terms starting with `prefix` with their entries, ascending.
    func entries(prefix: [UInt8], limit: Int) throws -> [(term: [UInt8], info: TermInfo)] {
        guard blockCount > 0, limit > 0 else { return [] }
        var it = Iterator(dict: self, block: try block(for: prefix))
        var out: [(term: [UInt8], info: TermInfo)] = []
        while out.count < limit, try it.next() {
            if it.term.starts(with: prefix) { out.append((it.term, it.info)) }
            else if prefix.lexicographicallyPrecedes(it.term) { break }
        }
        return out
    }

    /// The entries of ascending `ordinals`, decoded in one forward pass (a stem group's members are
    /// usually neighbours: one block decode serves them all).
    /// - Throws: `SearchError.index` for an ordinal out of range or a malformed block.
    func entries(ordinals: [UInt32]) throws -> [(term: [UInt8], info: TermInfo)] {
        let size = TermDictWriter.blockSize
        var out: [(term: [UInt8], info: TermInfo)] = []
        out.reserveCapacity(ordinals.count)
        var it = Iterator(dict: self, block: Int(ordinals.first ?? 0) / size)
        for o32 in ordinals {
            let o = Int(o32)
            guard o < termCount else { throw file.damaged("term ordinal out of range") }
            // Restart at o's block unless the iterator is already in it, at or before o.
            if it.ordinal > o || it.ordinal / size != o / size { it = Iterator(dict: self, block: o / size) }
            while it.ordinal <= o { _ = try it.next() }
            out.append((it.term, it.info))
        }
        return out
    }

    /// An iterator over every term from the first.
    func makeIterator() -> Iterator { Iterator(dict: self, block: 0) }

    /// An iterator whose next term is the first one ≥ `key` (`has` false when there is none).
    /// - Throws: `SearchError.index` when a block is malformed.
    func makeIterator(from key: [UInt8]) throws -> (Iterator, has: Bool) {
        guard blockCount > 0 else { return (makeIterator(), false) }
        var it = Iterator(dict: self, block: try block(for: key))
        while try it.next() {
            if !it.term.lexicographicallyPrecedes(key) { return (it, true) }
        }
        return (it, false)
    }
}
