import ArgumentParser
import FileSearch
import Foundation

/// `filesearch stats`: what the index holds and how big each part is.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show index statistics: documents, filings, terms, postings, positions, bytes per component.")

    @Option(name: .long, help: "Index directory (default: $FILESEARCH_INDEX or ./.filesearch/index).")
    var index: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let dir = index ?? IndexLocation.default
        let reader: IndexReader
        do { reader = try IndexReader.open(directory: dir) } catch let e as SearchError { throw ValidationError(e.description) }
        let s = reader.stats()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            var obj = try JSONSerialization.jsonObject(with: enc.encode(s)) as! [String: Any] // IndexStats encodes as an object
            obj["totalBytes"] = s.totalBytes
            obj["generation"] = reader.generation
            obj["directory"] = dir
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("index          \(dir) (generation \(reader.generation), format version \(s.formatVersion))")
        print("documents      \(s.documents)")
        print("filings        \(s.filings)")
        print("segments       \(s.segments)")
        print("terms          \(s.terms)")
        print("postings       \(s.postings)")
        print("positions      \(s.positions)")
        print("bytes          \(s.totalBytes)")
        for (k, v) in s.bytesByComponent.sorted(by: { $0.value > $1.value }) {
            let pct = s.totalBytes > 0 ? 100 * Double(v) / Double(s.totalBytes) : 0
            print("  \(k.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(v).leftPadded(12))  \(format1(pct))%")
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
