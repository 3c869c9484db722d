import Testing
import Foundation
@testable import FileSearch

@Suite struct IndexCorruptionTests {
    /// Builds a small index once per test and returns its directory.
    func buildSmall(_ tag: String) throws -> String {
        let dir = IndexTestSupport.tempDir(tag)
        try IndexBuilder(directory: dir).build(records: IndexTestSupport.synthetic(count: 300, seed: 11))
        return dir
    }

    @Test func flippedByteInEveryFileIsDetected() throws {
        let dir = try buildSmall("corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "LOCK" }.sorted()
        #expect(files.count == 1 + SegmentFileKind.all.count, "files: \(files)")
        for name in files {
            let path = dir + "/" + name
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            // header, a few body offsets, the trailer
            let offsets = Set([0, 5, 9, 17, original.count / 3, original.count / 2, original.count - 20, original.count - 9, original.count - 1])
                .filter { $0 >= 0 && $0 < original.count }.sorted()
            for off in offsets {
                var damaged = original
                damaged[off] ^= 0x5A
                try damaged.write(to: URL(fileURLWithPath: path))
                do {
                    _ = try IndexReader.open(directory: dir)
                    Issue.record("flipping byte \(off) of \(name) went undetected")
                } catch let SearchError.index(msg) {
                    #expect(msg.contains(name), "message should name \(name): \(msg)")
                    #expect(msg.contains("filesearch index"), "message should say how to rebuild: \(msg)")
                }
                try original.write(to: URL(fileURLWithPath: path))
            }
            // truncation
            try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: path))
            #expect(throws: SearchError.self) { _ = try IndexReader.open(directory: dir) }
            try original.write(to: URL(fileURLWithPath: path))
        }
        // Restored: opens again and answers.
        let r = try IndexReader.open(directory: dir)
        #expect(r.documentCount == 300)
    }

    @Test func olderFormatVersionIsRefusedWithRebuildMessage() throws {
        let dir = try buildSmall("version")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An index written by a build of format version 5 (zstd store blocks): every file says version 5.
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name != "LOCK" {
            let path = dir + "/" + name
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.replaceSubrange(8..<12, with: [5, 0, 0, 0])
            try data.write(to: URL(fileURLWithPath: path))
        }
        #expect(indexFormatVersion == 6)
        #expect { _ = try IndexReader.open(directory: dir) } throws: { e in
            guard case let SearchError.index(m) = e else { return false }
            return m.contains("format version 5") && m.contains("rebuild")
        }
    }

    @Test func missingFileIsReported() throws {
        let dir = try buildSmall("missing")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let victim = try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".post") }!
        try FileManager.default.removeItem(atPath: dir + "/" + victim)
        #expect { _ = try IndexReader.open(directory: dir) } throws: { e in
            guard case let SearchError.index(m) = e else { return false }
            return m.contains(victim) && m.contains("rebuild")
        }
    }

    @Test func noIndexIsAClearError() throws {
        let dir = IndexTestSupport.tempDir("none")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { _ = try IndexReader.open(directory: dir) } throws: { e in
            guard case let SearchError.index(m) = e else { return false }
            return m.contains("no index")
        }
    }

    @Test func secondConcurrentBuildFailsFast() throws {
        let dir = IndexTestSupport.tempDir("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let held = try IndexLock(directory: dir)
            #expect { try IndexBuilder(directory: dir).build(records: IndexTestSupport.synthetic(count: 5)) } throws: { e in
                guard case let SearchError.index(m) = e else { return false }
                return m.contains("already building")
            }
            withExtendedLifetime(held) {}
        }
        // Released: a build succeeds, and a reader is never blocked by the lock.
        try IndexBuilder(directory: dir).build(records: IndexTestSupport.synthetic(count: 5))
        do {
            let blocker = try IndexLock(directory: dir)
            #expect(try IndexReader.open(directory: dir).documentCount == 5)
            withExtendedLifetime(blocker) {}
        }
    }

    @Test func newGenerationReplacesOldAndCleansLeftovers() throws {
        let dir = try buildSmall("gen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r1 = try IndexReader.open(directory: dir)
        // A dead build's leftovers.
        FileManager.default.createFile(atPath: dir + "/g9-t0-0.post", contents: Data([1, 2, 3]))
        FileManager.default.createFile(atPath: dir + "/COMMIT.tmp", contents: Data([1]))
        try IndexBuilder(directory: dir).build(records: IndexTestSupport.synthetic(count: 50, seed: 1))
        let r2 = try IndexReader.open(directory: dir)
        #expect(r2.generation == r1.generation + 1)
        #expect(r2.documentCount == 50)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains("g9-t0-0.post") && !names.contains("COMMIT.tmp"))
        #expect(!names.contains { $0.hasPrefix("g\(r1.generation)-") }, "old generation files remain: \(names)")
        // The old snapshot still answers from its (unlinked) mapped files.
        #expect(r1.documentCount == 300)
        #expect(r1.segments[0].storedDocument(0).sourcePath.hasPrefix("syn/"))
    }
}

@Suite struct DefaultIndexTests {
    @Test func ensureDefaultIndexBuildsOnceAndWaitsForARunningBuild() throws {
        let dir = IndexTestSupport.tempDir("default") + "/idx"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let corpus = IndexTestSupport.packageRoot + "/Corpus"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Another "build" holds the lock for a moment: ensureDefaultIndex waits instead of failing.
        let held = try IndexLock(directory: dir)
        let start = Date()
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) {
            withExtendedLifetime(held) {}
            released.signal()
        }
        _ = consume held
        let built = try IndexLocation.ensureDefaultIndex(directory: dir, corpus: corpus)
        released.wait()
        #expect(Date().timeIntervalSince(start) >= 0.35)
        #expect(built != nil && built!.documents > 0)
        #expect(IndexLocation.exists(dir))
        // Second call: nothing to do.
        #expect(try IndexLocation.ensureDefaultIndex(directory: dir, corpus: corpus) == nil)
        // No corpus, no index: a clear error.
        #expect(throws: SearchError.self) {
            try IndexLocation.ensureDefaultIndex(directory: dir + "-none", corpus: dir + "-no-corpus")
        }
    }
}
