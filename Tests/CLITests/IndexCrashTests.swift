import Testing
import Foundation
@testable import FileSearch

/// Kills `filesearch index` with SIGKILL at random moments and proves the previous index survives intact.
@Suite struct IndexCrashTests {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // CLITests → Tests → root
        return url.path
    }()

    /// The built `filesearch` binary: next to the test bundle, else `.build/debug`.
    static var binary: String? {
        var candidates: [String] = []
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent().path
        candidates.append(bundleDir + "/filesearch")
        candidates.append(Bundle.main.bundleURL.path + "/filesearch")
        candidates.append(packageRoot + "/.build/debug/filesearch")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What a reader answers: counts and, for sampled terms, the keys of the matching documents.
    static func fingerprint(_ dir: String) throws -> [String] {
        let r = try IndexReader.open(directory: dir)
        let st = r.stats()
        var out = ["docs \(st.documents) terms \(st.terms) postings \(st.postings) positions \(st.positions) filings \(st.filings)"]
        for (si, s) in r.segments.enumerated() {
            var k = 0
            try s.forEachTerm(.body) { t, _ in
                k += 1
                guard k % 97 == 0 else { return }
                var c = s.postings(.body, t, positions: true)!
                var keys: [String] = []
                var pos: [UInt32] = []
                while c.doc != .max {
                    c.positions(into: &pos)
                    keys.append("\(s.storedFields(c.doc).key)@\(pos.first ?? 0)x\(c.freq)")
                    c.next()
                }
                out.append("\(si) \(String(decoding: t, as: UTF8.self)): \(keys.joined(separator: ","))")
            }
            for d in stride(from: 0, to: s.docCount, by: 7) { out.append("doc \(s.storedDocument(d).key) \(s.storedDocument(d).text.count)") }
        }
        return out
    }

    func run(_ binary: String, _ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test func killedRebuildsLeaveThePreviousIndexIntact() throws {
        guard let bin = IndexCrashTests.binary else {
            Issue.record("filesearch binary not found (looked next to the test bundle and in .build/debug): crash test NOT run")
            return
        }
        // Input: the seeds plus, when present, a slice of the shared corpus (so a build takes a moment).
        var inputs = [IndexCrashTests.packageRoot + "/Corpus"]
        let shared = [IndexCrashTests.packageRoot + "/../shared/corpus/edgar", "/work/shared/corpus/edgar"]
            .first { FileManager.default.fileExists(atPath: $0) }
        if let shared {
            let names = try FileManager.default.contentsOfDirectory(atPath: shared).filter { $0.hasPrefix("sgml__") || $0.hasPrefix("html__") }.sorted()
            inputs += names.prefix(8).map { shared + "/" + $0 }
        } else {
            Issue.record("shared corpus not found: crash test runs on the seeds only")
        }
        let dir = NSTemporaryDirectory() + "fsidx-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // The reference index, built by the binary.
        let t0 = Date()
        let first = try run(bin, ["index"] + inputs + ["--index", dir, "--quiet"])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let duration = Date().timeIntervalSince(t0)
        let reference = try IndexCrashTests.fingerprint(dir)
        #expect(reference.count > 10)

        var rng = SystemRandomNumberGenerator()
        var killedMidway = 0
        var window = max(0.05, duration * 1.1) // shrinks when builds finish before the kill (load varies)
        var round = 0
        while killedMidway < 20 && round < 60 {
            round += 1
            let p = try run(bin, ["index"] + inputs + ["--index", dir, "--quiet", "--threads", "2"])
            let delay = Double.random(in: 0.005...window, using: &rng)
            Thread.sleep(forTimeInterval: delay)
            let wasRunning = p.isRunning
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if wasRunning && p.terminationReason == .uncaughtSignal { killedMidway += 1 } else { window = max(0.01, delay * 0.8) }
            // Whatever happened, the committed index opens and answers exactly as before
            // (a build that finished before the kill indexed the same input, so its answers are equal too).
            let now = try IndexCrashTests.fingerprint(dir)
            let diff = zip(now, reference).first { $0 != $1 }.map { "now: \($0.0.prefix(200))\nwas: \($0.1.prefix(200))" } ?? "lengths \(now.count) vs \(reference.count)"
            #expect(now == reference, "round \(round): answers changed after kill at \(delay)s: \(diff)")
        }
        #expect(killedMidway >= 20, "only \(killedMidway) of \(round) builds were killed while running")

        // A clean build afterwards succeeds, removes the leftovers and answers the same.
        let last = try run(bin, ["index"] + inputs + ["--index", dir, "--quiet"])
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(try IndexCrashTests.fingerprint(dir) == reference, "answers changed after a clean rebuild")
        let r = try IndexReader.open(directory: dir)
        let expected = Set(r.segments.flatMap { s in SegmentFileKind.all.map { "\(s.name).\($0.ext)" } } + ["COMMIT", "LOCK"])
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(present == expected, "leftover files: \(present.subtracting(expected))")
    }

    @Test func secondConcurrentIndexCommandFailsFast() throws {
        guard let bin = IndexCrashTests.binary else {
            Issue.record("filesearch binary not found: concurrent-build CLI test NOT run")
            return
        }
        let dir = NSTemporaryDirectory() + "fsidx-lockcli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let lock = try IndexLock(directory: dir) // stands in for a running build
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["index", IndexCrashTests.packageRoot + "/Corpus", "--index", dir]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let start = Date()
        try p.run()
        p.waitUntilExit()
        let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus != 0)
        #expect(msg.contains("already building"), "stderr: \(msg)")
        #expect(Date().timeIntervalSince(start) < 10, "should fail fast")
        withExtendedLifetime(lock) {}
    }
}
