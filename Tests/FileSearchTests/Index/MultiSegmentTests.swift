import Testing
import Foundation
@testable import FileSearch

@Suite struct IndexMultiSegmentTests {
    @Test func tinyBudgetFlushesManySegmentsAndMergeEqualsSingle() throws {
        let records = IndexTestSupport.synthetic(count: 400, seed: 7)
        let dir = IndexTestSupport.tempDir("multi")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try IndexBuilder(directory: dir, options: IndexBuildOptions(memoryBudgetBytes: 1 << 19)).build(records: records)
        #expect(summary.flushedSegments > 3 && summary.flushedSegments < 60, "budget should force several flushes, got \(summary.flushedSegments)")
        #expect(summary.segments == 1)
        // Phases: every step timed, none negative, together the build's time; the merge wrote a stem map.
        let p = summary.phases
        #expect([p.scan, p.index, p.merge, p.stemMap, p.commit].allSatisfy { $0 >= 0 }, "\(p)")
        #expect(abs(p.scan + p.index + p.merge + p.stemMap + p.commit - summary.seconds) < 1e-6, "\(p) vs \(summary.seconds)")
        #expect(p.index > 0 && p.merge > 0 && p.stemMap > 0 && p.scan == 0, "records are not scanned: \(p)")
        let reader = try IndexReader.open(directory: dir)
        try IndexTestSupport.assertEqual(reader, IndexTestSupport.Oracle(records))

        // Unmerged: same content per segment (each segment's docs in filed order), same totals.
        let dir2 = IndexTestSupport.tempDir("multi2")
        defer { try? FileManager.default.removeItem(atPath: dir2) }
        let s2 = try IndexBuilder(directory: dir2, options: IndexBuildOptions(memoryBudgetBytes: 1 << 19, mergeSegments: false)).build(records: records)
        let r2 = try IndexReader.open(directory: dir2)
        #expect(r2.segments.count == s2.flushedSegments && r2.segments.count > 3)
        #expect(s2.phases.merge == 0 && s2.phases.stemMap == 0, "nothing merged: \(s2.phases)")
        print("multi-segment test: \(s2.flushedSegments) segments")
        #expect(r2.documentCount == reader.documentCount)
        for f in TextField.allCases {
            #expect(r2.totalLength(f) == reader.totalLength(f))
            var terms = Set<[UInt8]>()
            for s in r2.segments { try s.forEachTerm(f) { t, _ in terms.insert(t) } }
            #expect(terms.count == reader.segments[0].termCount(f))
            for t in terms { #expect(r2.docFreq(f, t) == reader.docFreq(f, t)) }
        }
        let st1 = reader.stats(), st2 = r2.stats()
        #expect(st1.postings == st2.postings && st1.positions == st2.positions && st1.documents == st2.documents)
    }

    /// Files are indexed in their manifest rows' filed-date order (undated or unparsable last, ties in
    /// walker order). Only the merge's speed depends on it: a 2-thread build of `edgar/` flushing many
    /// segments writes every file but the store (whose blocks follow the flushes) byte for byte like a
    /// 1-thread build.
    @Test func manifestDateProcessingOrderChangesNoIndexByte() throws {
        let file = { (name: String, filed: String?) in
            CorpusFile(path: name, relativePath: name, manifest: filed.map { ManifestRow(fields: ["file": name, "filed": $0]) })
        }
        let files = [file("a", "2024-03-01"), file("b", nil), file("c", "2001-01-02"), file("d", "2024-03-01"), file("e", "March 2024")]
        #expect(IndexBuilder.processingOrder(files) == [2, 0, 3, 1, 4])

        guard let edgar = TestCorpus.require("edgar") else { return }
        var dirs: [String] = []
        defer { for d in dirs { try? FileManager.default.removeItem(atPath: d) } }
        var flushed: [Int] = []
        for threads in [1, 2] {
            let dir = IndexTestSupport.tempDir("order\(threads)")
            dirs.append(dir)
            let s = try IndexBuilder(directory: dir, options: IndexBuildOptions(memoryBudgetBytes: 4 << 20, threads: threads)).build(paths: [edgar])
            flushed.append(s.flushedSegments)
        }
        #expect(flushed.allSatisfy { $0 > 3 }, "the budget should force several flushes: \(flushed)")
        for k in SegmentFileKind.all where k != .store {
            let a = FileManager.default.contents(atPath: "\(dirs[0])/g1-s0.\(k.ext)"), b = FileManager.default.contents(atPath: "\(dirs[1])/g1-s0.\(k.ext)")
            #expect(a != nil && a == b, "\(k.ext) differs between 1 and 2 threads")
        }
        #expect(try IndexReader.open(directory: dirs[1]).documentCount == IndexReader.open(directory: dirs[0]).documentCount)
    }

    /// The parallel merge (documents and term ranges as tasks, spilled ranges appended in order) writes
    /// exactly the bytes of the same merge on one thread, and leaves no temporary file behind.
    @Test func parallelMergeIsByteIdenticalToSerialMerge() throws {
        let records = IndexTestSupport.synthetic(count: 400, seed: 11)
        let dir = IndexTestSupport.tempDir("pmerge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir, options: IndexBuildOptions(memoryBudgetBytes: 1 << 19, mergeSegments: false)).build(records: records)
        let commit = try CommitPoint.read(directory: dir)
        #expect(commit.segments.count > 3)
        let readers = try commit.segments.map { try SegmentReader(directory: dir, meta: $0) }
        // Not vacuous: both fields are cut into several ranges.
        #expect(try SegmentMerger.splitTerms(.body, readers, parts: SegmentMerger.bodyRanges).count > 2)
        #expect(try SegmentMerger.splitTerms(.meta, readers, parts: SegmentMerger.metaRanges).count == SegmentMerger.metaRanges - 1)
        let serial = try SegmentMerger.merge(readers, directory: dir, name: "g9-s0", threads: 1)
        let parallel = try SegmentMerger.merge(readers, directory: dir, name: "g9-s1", threads: 3)
        // Ranges spilled to temporary files (no memory budget) and half in memory, half in files.
        let filed = try SegmentMerger.merge(readers, directory: dir, name: "g9-s2", threads: 3, spillMemory: 0)
        let mixed = try SegmentMerger.merge(readers, directory: dir, name: "g9-s3", threads: 2, spillMemory: 4 << 10)
        #expect(serial.docCount == UInt32(records.count))
        #expect(serial.seals == parallel.seals && serial.seals == filed.seals && serial.seals == mixed.seals)
        IndexTestSupport.expectSameFiles(serial, parallel, in: dir, "merged on 1 and on 3 threads")
        IndexTestSupport.expectSameFiles(serial, filed, in: dir, "ranges in memory and in files")
        IndexTestSupport.expectSameFiles(serial, mixed, in: dir, "ranges in memory and partly in files")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.contains("-m") }, "temporary range files left: \(names)")
    }

    @Test func cursorAdvanceAndBlockMaxMatchOracle() throws {
        let records = IndexTestSupport.synthetic(count: 1500, seed: 3)
        let dir = IndexTestSupport.tempDir("adv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try IndexBuilder(directory: dir).build(records: records)
        let reader = try IndexReader.open(directory: dir)
        let seg = reader.segments[0]
        let oracle = IndexTestSupport.Oracle(records)
        var rng: UInt64 = 99
        func rand(_ n: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1; return Int((rng >> 33) % UInt64(n)) }
        var checkedBlocks = 0
        for (term, list) in oracle.postings[0] where list.count >= 128 {
            let docs = list.map(\.0)
            // advance(to:) with increasing random targets, short and far jumps
            for jump in [40, 700] {
            var c = seg.postings(.body, term, positions: true)!
            var target: UInt32 = 0
            var pos: [UInt32] = []
            while true {
                target += UInt32(rand(jump))
                c.advance(to: target)
                let expected = docs.first { $0 >= target } ?? UInt32.max
                #expect(c.doc == expected)
                if expected == .max { break }
                let k = docs.firstIndex(of: expected)!
                #expect(c.freq == UInt32(list[k].1.count))
                if rand(3) == 0 { c.positions(into: &pos); #expect(pos == list[k].1) }
                target = c.doc
            }
            }
            // shallowAdvance block-max bounds
            var s = seg.postings(.body, term, positions: false)!
            var t: UInt32 = 0
            while true {
                let last = s.shallowAdvance(to: t)
                if last == .max { #expect(t > docs.last!); break }
                let inBlock = list.filter { $0.0 >= t && $0.0 <= last }
                #expect(!inBlock.isEmpty)
                #expect(inBlock.contains { $0.0 == last })
                for (d, ps) in inBlock {
                    #expect(UInt32(ps.count) <= s.blockMaxFreq)
                    #expect(oracle.lengths[0][Int(d)] >= s.blockMinLength)
                }
                checkedBlocks += 1
                t = last + 1
            }
        }
        #expect(checkedBlocks > 10)
        // filed-date interval
        for _ in 0..<50 {
            let a = FilingDate(daysSinceEpoch: 18000 + Int32(rand(2100)))
            let b = FilingDate(daysSinceEpoch: a.daysSinceEpoch + Int32(rand(300)))
            let range = DateRange(lower: rand(5) == 0 ? nil : a, upper: rand(5) == 0 ? nil : b)
            let expected = oracle.docs.indices.filter { oracle.docs[$0].filed.map(range.contains) ?? false }.map(UInt32.init)
            let got = seg.docs(filedIn: range)
            #expect(Array(got) == expected, "range \(range)")
        }
    }
}

@Suite struct MemorySegmentReuseTests {
    /// A builder thread reuses its `MemorySegment` after each flush (`reset` keeps the buffers): the
    /// next segment must be written exactly as a new `MemorySegment` would write it, so no term, count,
    /// token or doc of the previous segment may leak into it.
    @Test func resetSegmentWritesTheSameBytesAsANewOne() throws {
        let first = IndexTestSupport.synthetic(count: 300, seed: 3)
        let second = IndexTestSupport.synthetic(count: 200, seed: 5)
        let dir = IndexTestSupport.tempDir("reuse")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reused = MemorySegment()
        for (k, r) in first.enumerated() { reused.add(r, arrival: UInt64(k)) }
        _ = try reused.flush(directory: dir, name: "g1-t0-0")
        reused.reset()
        #expect(reused.isEmpty && reused.memoryBytes < 1 << 20, "reset left \(reused.memoryBytes) bytes accounted")
        for (k, r) in second.enumerated() { reused.add(r, arrival: UInt64(k)) }
        let a = try reused.flush(directory: dir, name: "g1-t0-1")
        let fresh = MemorySegment()
        for (k, r) in second.enumerated() { fresh.add(r, arrival: UInt64(k)) }
        let b = try fresh.flush(directory: dir, name: "g1-t1-0")
        #expect(a.docCount == UInt32(second.count))
        #expect(a.seals == b.seals)
        IndexTestSupport.expectSameFiles(a, b, in: dir, "a reused segment and a new one")
    }
}

extension IndexTestSupport {
    /// Expects every file of segment `a` to exist and to equal, byte for byte, the same file of `b`.
    static func expectSameFiles(_ a: SegmentMeta, _ b: SegmentMeta, in dir: String, _ what: String) {
        for k in SegmentFileKind.all {
            let x = FileManager.default.contents(atPath: a.path(k, in: dir))
            let y = FileManager.default.contents(atPath: b.path(k, in: dir))
            #expect(x != nil && x == y, ".\(k.ext) differs: \(what)")
        }
    }
}
