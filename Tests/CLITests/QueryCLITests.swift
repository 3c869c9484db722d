import Foundation
import Testing

/// End-to-end `filesearch query` over the seed corpus (`Corpus/`): exit codes, errors, JSON schema, batch, seeds.
@Suite(.serialized) struct QueryCLITests {
    /// One index over Corpus/, built by the first query through `IndexLocation.ensureDefaultIndex`.
    static let index = CLI.freshIndex()

    func query(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(["query"] + args, index: Self.index, stdin: stdin, env: env)
    }

    func hits(_ q: String, _ extra: [String] = []) throws -> (json: [String: Any], hits: [[String: Any]]) {
        let r = try query([q, "--json"] + extra)
        #expect(r.status == 0, "\(q): exit \(r.status), stderr \(r.stderr)")
        guard let j = CLI.json(r.stdout) else { Issue.record("\(q): not JSON: \(r.stdout.prefix(200))"); return ([:], []) }
        return (j, j["hits"] as? [[String: Any]] ?? [])
    }

    @Test func malformedQueryExitsTwoWithColumn() throws {
        for (q, col, expect) in [("\"unclosed", 1, "closing \""), ("form:", 6, "value after 'form:'"),
                                 ("filed:2024-13-45", 7, "YYYY-MM-DD"), ("(a OR", 6, "a term after OR"),
                                 ("foo:bar", 1, "form:")] {
            let r = try query([q])
            #expect(r.status == 2, "\(q): exit \(r.status)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && r.stderr.contains("column \(col)") && r.stderr.contains(expect), "\(q): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let bad = try query(["warrants", "--from", "2024-13-01"])
        #expect(bad.status == 2 && bad.stderr.contains("--from"), "\(bad.stderr)")
    }

    @Test func seedsAreFound() throws {
        let a = try hits("Series C warrants")
        #expect((a.hits.first?["source_path"] as? String)?.hasPrefix("001_") == true, "\(a.hits.map { $0["source_path"] ?? "" })")
        #expect(a.hits.first?["form"] as? String == "4" && a.hits.first?["filed"] as? String == "2024-03-11")
        let b = try hits("\"Series D\"")
        #expect(b.hits.contains { ($0["source_path"] as? String)?.hasPrefix("002_") == true && $0["form"] as? String == "SC TO-C" })
        let c = try hits("form:\"NT 10-Q\"")
        #expect(c.hits.map { $0["source_path"] as? String } == ["003_96ddcac28e8332ae.txt"])
        let d = try hits("cik:896493 filed:2023-01-01..2023-01-31")
        #expect(d.hits.map { $0["source_path"] as? String } == ["004_30a9e86fc87b9023.txt"])
        let e = try hits("warrants", ["--cik", "0000896493", "--from", "2023-01-01", "--to", "2023-01-31"])
        #expect(e.hits.map { $0["source_path"] as? String } == ["004_30a9e86fc87b9023.txt"])
    }

    @Test func jsonSchema() throws {
        let (j, hs) = try hits("Series C warrants", ["--explain", "--facets"])
        #expect(Set(j.keys) == ["query", "parsed", "total", "total_is_exact", "took_ms", "hits", "facets"])
        #expect(j["query"] as? String == "Series C warrants")
        #expect(j["parsed"] as? String == "(series AND c AND warrants)")
        #expect((j["total"] as? Int).map { $0 >= 1 } == true && j["total_is_exact"] as? Bool == true)
        guard let h = hs.first else { Issue.record("no hits"); return }
        #expect(Set(h.keys) == ["rank", "doc_id", "score", "accession", "form", "filed", "period", "company_names", "ciks",
                                "document_type", "document_file_name", "description", "source_path", "sequence", "key",
                                "snippets", "explanation"])
        #expect(h["rank"] as? Int == 1)
        #expect((h["ciks"] as? [String])?.contains("0000896493") == true)
        // Explanation parts sum to the score.
        let parts = (h["explanation"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? Double }
        #expect(!parts.isEmpty && abs(parts.reduce(0, +) - (h["score"] as? Double ?? -1)) < 1e-9)
        // Highlights are byte ranges of matched words.
        let snippets = h["snippets"] as? [[String: Any]] ?? []
        #expect(!snippets.isEmpty)
        for s in snippets {
            let text = Array((s["text"] as? String ?? "").utf8)
            for r in s["highlights"] as? [[Int]] ?? [] {
                let word = String(decoding: text[r[0]..<r[1]], as: UTF8.self).lowercased()
                #expect(["series", "c", "warrants", "warrant"].contains(word), "highlighted '\(word)'")
            }
        }
        let facets = j["facets"] as? [String: Any]
        #expect(Set(facets?.keys.map { $0 } ?? []) == ["form", "year", "company"])
    }

    @Test func batchEmitsJSONLines() throws {
        let r = try query(["--batch", "-"], stdin: "Series C warrants\n\n\"Series D\"\nform:4\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        for l in lines {
            let j = CLI.json(l)
            #expect(j?["query"] is String && j?["total"] is Int && j?["hits"] is [Any] && j?["took_ms"] is Double, "\(l.prefix(200))")
        }
        #expect((CLI.json(lines.last ?? "")?["total"] as? Int) == 2) // the two Form 4s
        let bad = try query(["--batch", "-"], stdin: "warrants\n(a OR\n")
        #expect(bad.status == 2)
        #expect(bad.stdout.split(separator: "\n").count == 2 && bad.stdout.contains("\"column\":6"))
    }

    @Test func tableIsPlainWhenPiped() throws {
        let r = try query(["Series C warrants"], env: ["NO_COLOR": "1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Ault Alliance, Inc. (896493)") && r.stdout.contains("2024-03-11"))
        #expect(!r.stdout.contains("\u{1B}["))
        let g = try query(["ault", "--group", "filing", "--sort", "date", "--json"])
        let hs = CLI.json(g.stdout)?["hits"] as? [[String: Any]] ?? []
        let dates = hs.compactMap { $0["filed"] as? String }
        #expect(dates == dates.sorted(by: >) && !dates.isEmpty)
        let exact = try query(["ault", "--exact-total", "--json"])
        #expect(CLI.json(exact.stdout)?["total_is_exact"] as? Bool == true && CLI.json(exact.stdout)?["total"] as? Int == 4)
    }
}
