import Testing
import Foundation
@testable import FileSearch

/// Unit tests of the positions codec (format version 4) and of the cursor's positions paths, on
/// in-memory buffers laid out like the POST/POSI files: exact block boundaries, skipping, re-reading,
/// `advance(to:)`, and merge copies.
@Suite struct PositionCodecTests {
    /// Deterministic generator (SplitMix64).
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15 // wrapping by design (SplitMix64)
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9 // as above
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB // as above
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// One encoded term in buffers framed like segment files: 16 bytes before the term, 32 after
    /// (the reader loads 8 bytes at a time), plus the field-length column.
    final class Encoded {
        let post: UnsafeMutableRawPointer
        let pos: UnsafeMutableRawPointer
        let lengths: UnsafeMutableRawPointer
        let postBytes: [UInt8]
        let posBytes: [UInt8]
        let docFreq: Int

        init(_ docs: [(UInt32, [UInt32])], lengths lens: [UInt32]) {
            var enc = PostingsEncoder()
            for (d, ps) in docs {
                ps.withUnsafeBufferPointer { enc.add(doc: d, positions: $0, fieldLength: lens[Int(d)]) }
            }
            let p = enc.finish()
            postBytes = p.bytes
            posBytes = enc.positions.bytes
            docFreq = docs.count
            post = Self.framed(postBytes)
            pos = Self.framed(posBytes)
            lengths = UnsafeMutableRawPointer.allocate(byteCount: max(1, lens.count * 4), alignment: 8)
            for (i, l) in lens.enumerated() { lengths.storeBytes(of: l.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }

        static func framed(_ b: [UInt8]) -> UnsafeMutableRawPointer {
            let m = UnsafeMutableRawPointer.allocate(byteCount: 16 + b.count + 32, alignment: 8)
            m.initializeMemory(as: UInt8.self, repeating: 0xEE, count: 16 + b.count + 32) // garbage around the term
            b.withUnsafeBytes { (m + 16).copyMemory(from: $0.baseAddress!, byteCount: b.count) } // b non-empty in every test
            return m
        }

        func cursor() -> PostingsCursor {
            PostingsCursor(owner: self, post: UnsafeRawPointer(post), pos: UnsafeRawPointer(pos), lengths: UnsafeRawPointer(lengths),
                           termPost: 16, termPos: 16, docFreq: docFreq, positions: true)
        }

        deinit { post.deallocate(); pos.deallocate(); lengths.deallocate() }
    }

    /// Random ascending distinct positions: `n` of them, gaps drawn from a mix of small and large.
    static func positions(_ n: Int, _ rng: inout Rng, spread: Int) -> [UInt32] {
        var out: [UInt32] = []
        var p = UInt32(rng.below(spread))
        for _ in 0..<n {
            out.append(p)
            let g = rng.below(4) == 0 ? rng.below(spread) + 1 : rng.below(8) + 1
            p += UInt32(g)
        }
        return out
    }

    /// Random postings: `df` docs with freqs in 1…maxFreq, doc ids spaced randomly.
    static func postings(df: Int, maxFreq: Int, _ rng: inout Rng) -> (docs: [(UInt32, [UInt32])], lengths: [UInt32]) {
        var docs: [(UInt32, [UInt32])] = []
        var d = UInt32(rng.below(5))
        for _ in 0..<df {
            let f = 1 + rng.below(maxFreq)
            docs.append((d, positions(f, &rng, spread: [3, 50, 1000, 70_000][rng.below(4)])))
            d += UInt32(1 + rng.below(9))
        }
        var lens = [UInt32](repeating: 0, count: Int(d) + 1)
        for (doc, ps) in docs {
            // Mostly the true length (last position + 1 or more), sometimes shorter or 0: the code order
            // must only tune the size, never the correctness.
            switch rng.below(5) {
            case 0: lens[Int(doc)] = 0
            case 1: lens[Int(doc)] = UInt32(rng.below(3))
            default: lens[Int(doc)] = ps.last! + 1 + UInt32(rng.below(100)) // ps non-empty
            }
        }
        return (docs, lens)
    }

    /// Reads every doc in order (reading positions of some docs twice, skipping others) and checks them.
    static func check(_ e: Encoded, _ docs: [(UInt32, [UInt32])], _ rng: inout Rng, readEvery: Bool) {
        var c = e.cursor()
        var out: [UInt32] = []
        #expect(c.docFreq == docs.count)
        for (d, ps) in docs {
            #expect(c.doc == d)
            #expect(c.freq == UInt32(ps.count))
            if readEvery || rng.below(3) == 0 {
                c.positions(into: &out)
                #expect(out == ps, "doc \(d)")
                if rng.below(4) == 0 {
                    c.positions(into: &out)
                    #expect(out == ps, "doc \(d) read twice")
                }
            }
            c.next()
        }
        #expect(c.doc == .max)
        c.positions(into: &out)
        #expect(out.isEmpty)
    }

    @Test func expGolombRoundTripsEveryOrderAndBoundaryValue() {
        var values: [UInt32] = [0, 1, 2, 3, UInt32.max, UInt32.max - 1]
        for j in 1..<32 { values += [UInt32(1) << j, (UInt32(1) << j) - 1, (UInt32(1) << j) + 1] }
        var rng = Rng(s: 1)
        for _ in 0..<200 { values.append(UInt32(truncatingIfNeeded: rng.next()) >> UInt32(rng.below(32))) }
        for k in 0...PositionCodec.maxOrder {
            var unary = PositionWriter(), payload = PositionWriter()
            var uEnds: [Int] = [], pEnds: [Int] = []
            for v in values {
                PositionCodec.encode(v, order: k, unary: &unary, payload: &payload)
                uEnds.append(unary.bitCount); pEnds.append(payload.bitCount)
            }
            #expect(unary.byteCount == (uEnds.last! + 7) / 8) // values non-empty
            #expect(payload.byteCount == (pEnds.last! + 7) / 8)
            // One buffer: unary bytes, then payload bytes, then 8 bytes of garbage (as in a chunk).
            let buf = unary.bytes + payload.bytes + [UInt8](repeating: 0xFF, count: 8)
            let p0 = unary.byteCount * 8
            buf.withUnsafeBytes { b in
                // Runs of values: skip(count:) and decodePositions(count:) agree with the writers' offsets
                // (positions = first value, then previous + value + 1, wrapping like the decoder).
                var at = 0
                var (u, p) = (0, p0)
                var out: [UInt32] = []
                while at < values.count {
                    let n = min(values.count - at, 1 + rng.below(12))
                    var (su, sp) = (u, p)
                    PositionCodec.skip(b.baseAddress!, unary: &su, payload: &sp, count: n, orderSum: n * k)
                    #expect(su == uEnds[at + n - 1] && sp == p0 + pEnds[at + n - 1], "k \(k) skip run at \(at)")
                    PositionCodec.decodePositions(b.baseAddress!, unary: &u, payload: &p, count: n, order: k, into: &out)
                    #expect(u == uEnds[at + n - 1] && p == p0 + pEnds[at + n - 1])
                    var expected: [UInt32] = []
                    for (j, v) in values[at..<(at + n)].enumerated() { expected.append(j == 0 ? v : expected[j - 1] &+ v &+ 1) }
                    #expect(out == expected, "k \(k) decode run at \(at)")
                    at += n
                }
            }
        }
    }

    @Test func orderGrowsWithExpectedGap() {
        #expect(PositionCodec.order(length: 0, freq: 1) == 0)
        #expect(PositionCodec.order(length: 3, freq: 1) == 0)
        #expect(PositionCodec.order(length: 4, freq: 1) == 0)
        #expect(PositionCodec.order(length: 8, freq: 1) == 1)
        #expect(PositionCodec.order(length: 1000, freq: 9) == 5) // 1000 / 10 = 100, bit width 7
        #expect(PositionCodec.order(length: UInt32.max, freq: 1) == PositionCodec.maxOrder)
        #expect(PositionCodec.order(length: UInt32.max, freq: UInt32.max) == 0)
    }

    @Test func bitCopiesAtEveryAlignmentEqualTheSource() {
        var rng = Rng(s: 5)
        var src = PositionWriter()
        var bounds: [Int] = [0]
        for _ in 0..<300 {
            let n = 1 + rng.below(63) // put takes 1…64 bits; mask(n) needs n ≤ 63
            src.put(rng.next() & PositionCodec.mask(n), n)
            bounds.append(src.bitCount)
        }
        let buf = src.bytes + [UInt8](repeating: 0, count: 8)
        buf.withUnsafeBytes { b in
            for lead in 0..<9 {
                // Copy every run of 1…40 codes behind `lead` bits of prefix, then compare bit for bit.
                var i = 0
                while i < bounds.count - 1 {
                    let j = min(bounds.count - 1, i + 1 + rng.below(40))
                    var dst = PositionWriter()
                    dst.put(UInt64(rng.below(1 << lead)) & PositionCodec.mask(lead), lead)
                    let run = BitRun(base: b.baseAddress!, start: bounds[i], count: bounds[j] - bounds[i])
                    dst.append(run)
                    #expect(dst.bitCount == lead + run.count)
                    #expect(dst.byteCount == (lead + run.count + 7) / 8)
                    let out = dst.bytes + [UInt8](repeating: 0, count: 8)
                    out.withUnsafeBytes { o in
                        var at = 0
                        while at < run.count {
                            let n = min(32, run.count - at)
                            let a = PositionCodec.window(o.baseAddress!, lead + at) & PositionCodec.mask(n)
                            let e = PositionCodec.window(b.baseAddress!, run.start + at) & PositionCodec.mask(n)
                            #expect(a == e, "lead \(lead) run \(i)..<\(j) bit \(at)")
                            at += n
                        }
                    }
                    i = j
                }
            }
        }
    }

    @Test func singleDocWithManyPositionsAtBlockSizes() {
        var rng = Rng(s: 2)
        for n in [1, 2, 127, 128, 129, 255, 256, 257, 1000] {
            for spread in [1, 9, 100_000] {
                let ps = Self.positions(n, &rng, spread: spread)
                for len in [0, ps.last! / 2, ps.last! + 1, UInt32.max] {
                    var lens = [UInt32](repeating: 0, count: 8)
                    lens[5] = len
                    let e = Encoded([(5, ps)], lengths: lens)
                    Self.check(e, [(5, ps)], &rng, readEvery: true)
                }
            }
        }
    }

    @Test func docFreqsAroundPostingsBlockBoundaries() {
        var rng = Rng(s: 3)
        for df in [1, 2, 127, 128, 129, 255, 256, 257, 384, 500] {
            for maxFreq in [1, 3, 40, 300] {
                let (docs, lens) = Self.postings(df: df, maxFreq: maxFreq, &rng)
                let e = Encoded(docs, lengths: lens)
                Self.check(e, docs, &rng, readEvery: true)
                Self.check(e, docs, &rng, readEvery: false)
            }
        }
    }

    @Test func positionsAfterAdvanceToArbitraryDocs() {
        var rng = Rng(s: 4)
        for df in [127, 128, 129, 256, 700] {
            let (docs, lens) = Self.postings(df: df, maxFreq: 20, &rng)
            let e = Encoded(docs, lengths: lens)
            for _ in 0..<20 {
                var c = e.cursor()
                var out: [UInt32] = []
                var i = 0
                while true {
                    // Jump a random distance (often across one or more 128-doc blocks), sometimes to a
                    // target between two docs, then read the landing doc's positions (sometimes twice).
                    i += 1 + rng.below(rng.below(2) == 0 ? 5 : 300)
                    guard i < docs.count else {
                        c.advance(to: docs.last!.0 + 1) // docs non-empty
                        #expect(c.doc == .max)
                        break
                    }
                    let target = rng.below(2) == 0 ? docs[i].0 : docs[i - 1].0 + 1
                    c.advance(to: target)
                    #expect(c.doc == docs[i].0)
                    if rng.below(4) != 0 {
                        c.positions(into: &out)
                        #expect(out == docs[i].1, "df \(df) doc #\(i)")
                        if rng.below(3) == 0 {
                            c.positions(into: &out)
                            #expect(out == docs[i].1)
                        }
                    }
                    if rng.below(3) == 0, i + 1 < docs.count {
                        c.next(); i += 1
                        c.positions(into: &out)
                        #expect(out == docs[i].1, "df \(df) doc #\(i) after next")
                    }
                }
            }
        }
    }

    /// A merge: two terms' docs interleaved into one by copying runs of docs' bits (`takeRun`, of every
    /// length the block boundaries and a random limit allow) gives exactly the bytes of encoding the
    /// union directly (the code order depends only on length and freq).
    @Test func mergeRunsEqualDirectEncoding() {
        var rng = Rng(s: 6)
        let runDocs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128), runFreqs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        let runLengths = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        defer { runDocs.deallocate(); runFreqs.deallocate(); runLengths.deallocate() }
        for df in [5, 127, 128, 129, 300, 700] {
            let (docs, lens) = Self.postings(df: df, maxFreq: 30, &rng)
            // Split into two inputs in stretches of 1…40 docs (merge runs span stretches and blocks).
            var a: [(UInt32, [UInt32])] = [], b: [(UInt32, [UInt32])] = []
            var toA = true, left = 0
            for d in docs {
                if left == 0 { toA = rng.below(2) == 0; left = 1 + rng.below(40) }
                left -= 1
                if toA { a.append(d) } else { b.append(d) }
            }
            guard !a.isEmpty, !b.isEmpty else { continue }
            let ea = Encoded(a, lengths: lens), eb = Encoded(b, lengths: lens)
            var ca = ea.cursor(), cb = eb.cursor()
            let identity = (0..<UInt32(lens.count)).map { $0 }
            var merged = PostingsEncoder()
            var runs = 0
            while ca.doc != .max || cb.doc != .max {
                let limit = min(merged.blockRoom, 1 + rng.below(130))
                let (m, bits) = identity.withUnsafeBufferPointer { map in
                    if ca.doc < cb.doc {
                        if rng.below(3) == 0 { var scratch: [UInt32] = []; ca.positions(into: &scratch) } // read before copying
                        return ca.takeRun(limit: limit, below: cb.doc, remap: map.baseAddress!, newDocs: runDocs, runFreqs: runFreqs, runLengths: runLengths)
                    }
                    return cb.takeRun(limit: limit, below: ca.doc, remap: map.baseAddress!, newDocs: runDocs, runFreqs: runFreqs, runLengths: runLengths)
                }
                #expect(m >= 1 && m <= limit)
                for r in 0..<m { #expect(runLengths[r] == lens[Int(runDocs[r])], "df \(df): run length column") }
                merged.addEncodedRun(docs: runDocs, freqs: runFreqs, lengths: runLengths, count: m, positions: bits)
                runs += 1
            }
            #expect(runs < df, "df \(df): some run holds several docs")
            let mp = merged.finish()
            let direct = Encoded(docs, lengths: lens)
            #expect(mp.bytes == direct.postBytes, "df \(df): postings (skip offsets) differ")
            #expect(merged.positions.bytes == direct.posBytes, "df \(df): positions differ")
        }
    }
}
