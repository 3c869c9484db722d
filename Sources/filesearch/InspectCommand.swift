import ArgumentParser
import FileSearch
import Foundation

/// `filesearch inspect <file>...`: shows what the engine will index from each file.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a file's parsed metadata, its documents (type, filename, bytes, tokens, skipped?) and first tokens."
    )

    @Argument(help: "Filing files (.txt, .nc, .htm, .html, .xml); a directory means every such file below it.")
    var files: [String]

    @Flag(help: "Print JSON (an array, one object per file).")
    var json = false

    @Option(help: "How many leading tokens to show.")
    var tokens = 20

    func run() throws {
        var results: [Inspection] = []
        var failed = false
        var paths: [String] = []
        for f in files {
            do { paths += try Inspection.expand([f]) }
            catch { failed = true; FileHandle.standardError.write(Data("filesearch inspect: \(error)\n".utf8)) }
        }
        for f in paths {
            do { results.append(try Inspection.inspect(path: f, tokens: max(0, tokens))) }
            catch { failed = true; FileHandle.standardError.write(Data("filesearch inspect: \(error)\n".utf8)) }
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(results), as: UTF8.self))
        } else {
            for r in results { print(InspectReport.text(r)) }
        }
        if failed { throw ExitCode(1) }
    }
}

/// The human-readable `inspect` report.
enum InspectReport {
    static func text(_ r: Inspection) -> String {
        func p(_ key: String) -> String { r.provenance[key].map { " (\($0.rawValue))" } ?? "" }
        var out = "== \(r.path)  (\(r.bytes) bytes\(r.manifestRow ? ", manifest row" : ""))\n"
        out += "accession:  \(r.accession ?? "-")\(p("accession"))\n"
        out += "form:       \(r.form ?? "-")\(p("form"))\n"
        out += "filed:      \(r.filed?.iso ?? "-")\(p("filed"))\n"
        out += "period:     \(r.period?.iso ?? "-")\(p("period"))\n"
        if let a = r.acceptance { out += "accepted:   \(a)\n" }
        out += "entities\(p("entities")):\n"
        if r.entities.isEmpty { out += "  (none)\n" }
        for e in r.entities {
            var line = "  \(e.role.rawValue): \(e.cik ?? "-")  \(e.name ?? "-")"
            if let s = e.sic { line += "  SIC \(s)" + (e.sicDescription.map { " \($0)" } ?? "") }
            if let s = e.stateOfIncorporation { line += "  inc \(s)" }
            if let s = e.businessState { line += "  bus \(s)" }
            if let s = e.fiscalYearEnd { line += "  FYE \(s)" }
            out += line + "\n"
            for f in e.formerNames { out += "      formerly \(f.name)" + (f.changed.map { " (until \($0.iso))" } ?? "") + "\n" }
        }
        let skipped = r.documents.filter(\.skipped).count
        out += "documents: \(r.documents.count) (\(skipped) skipped)\n"
        out += "  seq  type                 format     bytes       tokens  filename / description\n"
        for d in r.documents {
            func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
            let tok = d.skipped ? "skipped" : String(d.tokens)
            let name = [d.filename, d.description].compactMap { $0 }.joined(separator: " / ")
            out += "  " + pad(d.sequence.map(String.init) ?? "-", 5) + pad(d.type ?? "-", 21) + pad(d.format.rawValue, 11)
                + pad(String(d.bytes), 12) + pad(tok, 8) + name + "\n"
        }
        if !r.warnings.isEmpty {
            out += "warnings:\n"
            for w in r.warnings { out += "  ! \(w)\n" }
        }
        out += "first tokens: \(r.firstTokens.joined(separator: " "))\n"
        return out
    }
}
