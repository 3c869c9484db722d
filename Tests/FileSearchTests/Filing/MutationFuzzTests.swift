import Foundation
import Testing
@testable import FileSearch

/// Seeded mutations of real submissions (cuts, splices, random bytes, dropped markers): the parser
/// never crashes, every body range stays inside the file, and ingest yields a record per live document.
@Suite struct MutationFuzzTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15 // wrapping by design (SplitMix64)
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9 // wrapping multiply by design
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB // wrapping multiply by design
            return z ^ (z >> 31)
        }
    }

    static let markers = ["<DOCUMENT>", "</DOCUMENT>", "<TEXT>", "</TEXT>", "</SEC-HEADER>", "<SEC-HEADER>", "<TYPE>", "begin 644 x.jpg\n", "<!--", "<", "\u{0}"]

    static func mutate(_ src: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var b = src
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { break }
            let p = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: b.removeSubrange(p...)                                                   // truncate
            case 1: b.removeSubrange(p..<min(b.count, p + Int.random(in: 1...5000, using: &rng))) // drop a chunk
            case 2: b.insert(contentsOf: Array(markers.randomElement(using: &rng)!.utf8), at: p) // `!`: non-empty constant
            case 3: b.insert(contentsOf: (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: p)
            default: let q = Int.random(in: 0..<b.count, using: &rng); b.insert(contentsOf: b[min(p, q)..<max(p, q)].prefix(10_000), at: q)
            }
        }
        return b
    }

    @Test func mutatedSubmissionsNeverBreakInvariants() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let manifest = try TestCorpus.manifest(dir)
        var rng = SplitMix(state: 0x5EC_ED6A)
        var runs = 0
        for row in manifest.rows where row["kind"] == "sgml" && (Int(row["bytes"] ?? "") ?? .max) < 300_000 {
            let src = try TestCorpus.bytes(dir + "/" + (row["file"] ?? ""))
            for _ in 0..<25 {
                let m = Self.mutate(src, &rng)
                let (filing, records) = Ingest.records(fileBytes: m, relativePath: "fuzz", manifest: nil)
                for d in filing.documents {
                    #expect(d.body.lowerBound >= 0 && d.body.upperBound <= m.count && d.body.lowerBound <= d.body.upperBound)
                }
                #expect(records.count == filing.documents.filter { !$0.isSkipped }.count)
                runs += 1
            }
        }
        #expect(runs >= 200)
    }
}
