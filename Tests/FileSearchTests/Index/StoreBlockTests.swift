import Foundation
import Testing
@testable import FileSearch

/// Store blocks: LZ4 round trips of real filing bytes, damaged blocks are refused (never wrong
/// bytes), and a document longer than the per-doc cap keeps exactly its prefix.
@Suite struct StoreBlockTests {
    /// The bytes of the bundled seed filings (real EDGAR submissions).
    static func seedBytes() throws -> [UInt8] {
        let dir = TextTestSupport.packageRoot.appendingPathComponent("Corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 4, "the four seed filings are bundled in Corpus/")
        var out: [UInt8] = []
        for n in names { out += Array(try Data(contentsOf: dir.appendingPathComponent(n))) }
        return out
    }

    /// Parses a raw block: vint docCount, docCount × vint length, the docs' bytes.
    static func docs(ofRawBlock raw: [UInt8]) -> [[UInt8]] {
        var i = 0
        func vint() -> Int {
            var v = 0, shift = 0
            while true { let b = raw[i]; i += 1; v |= Int(b & 0x7F) << shift; if b < 0x80 { return v }; shift += 7 }
        }
        let count = vint()
        let lengths = (0..<count).map { _ in vint() }
        return lengths.map { l in defer { i += l }; return Array(raw[i..<i + l]) }
    }

    @Test func realBytesRoundTripInBlocksOfEverySize() throws {
        let bytes = try Self.seedBytes()
        #expect(bytes.count > 40_000)
        let compressor = StoreCompressor() // reused, as the builder does
        for size in [1, 15, 100, 4096, 30_000, bytes.count] {
            let raw = Array(bytes[0..<size])
            var sink = ByteSink()
            let n = compressor.compress(raw, appendingTo: &sink)
            let c = sink.bytes
            #expect(n == c.count)
            if size >= 30_000 { #expect(c.count < raw.count / 2, "filing bytes compress at least 2×") }
            let back = c.withUnsafeBytes { StoreCodec.decompress($0, rawLength: size) }
            #expect(back == raw)
        }
    }

    @Test func damagedBlocksAreRefused() throws {
        let raw = try Self.seedBytes()
        var sink = ByteSink()
        _ = StoreCompressor().compress(raw, appendingTo: &sink)
        let c = sink.bytes
        // A wrong raw length, a truncated block, an empty one: nil, never other bytes.
        #expect(c.withUnsafeBytes { StoreCodec.decompress($0, rawLength: raw.count + 1) } == nil)
        #expect(c.withUnsafeBytes { StoreCodec.decompress($0, rawLength: raw.count - 1) } == nil)
        #expect(c.withUnsafeBytes { StoreCodec.decompress(UnsafeRawBufferPointer(rebasing: $0[0..<(c.count - 9)]), rawLength: raw.count) } == nil)
        #expect(c.withUnsafeBytes { StoreCodec.decompress(UnsafeRawBufferPointer(rebasing: $0[0..<0]), rawLength: raw.count) } == nil)
        #expect(c.withUnsafeBytes { StoreCodec.decompress($0, rawLength: 0) } == nil)
    }

    @Test func docsLongerThanTheCapKeepTheirPrefix() throws {
        let bytes = try Self.seedBytes()
        var b = StoreBlockBuilder(threshold: 1000, maxDocBytes: 700)
        let refs = [200, 900, 700, 50].reduce(into: (refs: [(UInt32, UInt32)](), at: 0)) { acc, n in
            acc.refs.append(bytes.withUnsafeBytes { b.add(UnsafeRawBufferPointer(rebasing: $0[acc.at..<acc.at + n])) })
            acc.at += n
        }.refs
        b.close()
        // 200 + 700 (cut from 900) = 900 < 1000: one block; + 700 closes it; 50 opens the next.
        #expect(refs.map(\.0) == [0, 0, 0, 1])
        #expect(refs.map(\.1) == [0, 1, 2, 0])
        let out = b.drain()
        #expect(b.index.count == 2)
        var blocks: [[[UInt8]]] = []
        for (offset, clen, rlen) in b.index {
            let raw = out.withUnsafeBytes { StoreCodec.decompress(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset) + Int(clen)]), rawLength: Int(rlen)) }
            blocks.append(Self.docs(ofRawBlock: try #require(raw)))
        }
        #expect(blocks[0] == [Array(bytes[0..<200]), Array(bytes[200..<900]), Array(bytes[1100..<1800])])
        #expect(blocks[1] == [Array(bytes[1800..<1850])])
    }

    /// A block's header goes in front of its docs in place when it fits the builder's headroom, and
    /// behind a copy when it does not (hundreds of tiny docs): both give the documented raw block.
    @Test(arguments: [3, 40, 200, 1500])
    func blocksAreExactWhateverTheHeaderSize(docs count: Int) throws {
        let bytes = try Self.seedBytes()
        var b = StoreBlockBuilder(threshold: 1 << 20)
        var want: [[UInt8]] = []
        var at = 0
        for k in 0..<count {
            let n = k % 3 == 0 ? 0 : 1 + (k * 7919) % 23 // empty docs too
            let doc = Array(bytes[at..<at + n])
            want.append(doc)
            _ = doc.withUnsafeBytes { b.add($0) }
            at += n
        }
        b.close()
        #expect(b.index.count == 1)
        var header = ByteSink()
        header.vint(count)
        for d in want { header.vint(d.count) }
        #expect((header.count > StoreBlockBuilder.headroom) == (count == 1500), "both paths are exercised")
        let out = b.drain()
        let (offset, clen, rlen) = b.index[0]
        #expect(Int(rlen) == header.count + want.reduce(0) { $0 + $1.count })
        let raw = try #require(out.withUnsafeBytes { StoreCodec.decompress(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset) + Int(clen)]), rawLength: Int(rlen)) })
        #expect(raw == header.bytes + want.joined())
        #expect(Self.docs(ofRawBlock: raw) == want)
        // The builder is reusable: a second block after the first.
        _ = want[1].withUnsafeBytes { b.add($0) }
        b.close()
        let second = b.drain()
        let (o2, c2, r2) = b.index[1]
        let raw2 = try #require(second.withUnsafeBytes { StoreCodec.decompress(UnsafeRawBufferPointer(rebasing: $0[Int(o2) - out.count..<Int(o2) - out.count + Int(c2)]), rawLength: Int(r2)) })
        #expect(Self.docs(ofRawBlock: raw2) == [want[1]])
    }
}
