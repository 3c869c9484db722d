import FileSearch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bold on a terminal; plain with `NO_COLOR` or when piped.
struct TextStyle {
    var bold: Bool
    static func forStdout() -> TextStyle {
        TextStyle(bold: isatty(1) == 1 && getenv("NO_COLOR") == nil)
    }
    func strong(_ s: String) -> String { bold ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
}

enum FileHandleOut {
    /// One line to stderr.
    static func stderr(_ s: String) {
        let line = s + "\n"
        let bytes = Array(line.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            done += n
        }
    }
}

/// The readable table of `filesearch query`.
enum QueryOutput {
    static func milliseconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }

    /// `x` with `digits` decimals.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        var m = 1.0
        for _ in 0..<digits { m *= 10 }
        let v = (x * m).rounded() / m
        var s = String(v)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        } else if digits > 0 { s += "." + String(repeating: "0", count: digits) }
        return s
    }

    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

    static func table(query: QueryNode, response: SearchResponse, offset: Int, explain: Bool, tookMs: Double, style: TextStyle) -> String {
        var out = ""
        let total = response.totalIsExact ? "\(response.total)" : "at least \(response.total)"
        out += "\(total) hit\(response.total == 1 ? "" : "s") for \(query) (\(fixed(tookMs, 2)) ms)\n"
        for (i, h) in response.hits.enumerated() {
            let company = h.companyNames.first.map { name in
                name + (h.ciks.first.map { " (" + stripZeros($0) + ")" } ?? "")
            } ?? (h.ciks.first.map { "CIK " + stripZeros($0) } ?? "-")
            let doc = [h.documentType, h.documentFileName].compactMap { $0 }.joined(separator: " ")
            out += lpad("\(offset + i + 1)", 3) + "  " + lpad(fixed(h.score, 3), 8) + "  " + pad(h.formType ?? "-", 8) + "  "
                + (h.filed?.iso ?? "----------") + "  " + company + "  " + (h.accession ?? "-") + "  " + (doc.isEmpty ? h.sourcePath : doc) + "\n"
            if !doc.isEmpty { out += "     " + h.sourcePath + "\n" }
            for s in h.snippets { out += "     " + render(s, style) + "\n" }
            if explain {
                for p in h.explanation { out += "       + " + lpad(fixed(p.value, 4), 8) + "  " + p.description + "\n" }
                out += "       = " + lpad(fixed(h.score, 4), 8) + "\n"
            }
        }
        if let f = response.facets {
            for (name, list) in [("form", f.formType), ("year filed", f.yearFiled), ("company", f.company)] {
                out += "\n\(name):\n"
                for (v, c) in list { out += "  " + lpad("\(c)", 7) + "  " + v + "\n" }
            }
        }
        return out
    }

    /// The snippet with its highlights bold (or plain).
    static func render(_ s: Snippet, _ style: TextStyle) -> String {
        guard style.bold else { return s.text }
        let b = Array(s.text.utf8)
        var out: [UInt8] = []
        var i = 0
        for r in s.highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) where r.lowerBound >= i && r.upperBound <= b.count {
            out += b[i..<r.lowerBound]
            out += Array(style.strong(String(decoding: b[r], as: UTF8.self)).utf8)
            i = r.upperBound
        }
        out += b[i...]
        return String(decoding: out, as: UTF8.self)
    }

    static func stripZeros(_ cik: String) -> String {
        let s = cik.drop { $0 == "0" }
        return s.isEmpty ? "0" : String(s)
    }

    /// The lines of a file, or of stdin for `-`; nil when unreadable.
    static func readLines(_ path: String) -> [String]? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { if path != "-" { close(fd) } }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes += buf[0..<n]
        }
        return bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension String {
    func trimmingASCII() -> String {
        let u = Array(utf8)
        var lo = 0, hi = u.count
        while lo < hi && (u[lo] == 32 || u[lo] == 9 || u[lo] == 13) { lo += 1 }
        while hi > lo && (u[hi - 1] == 32 || u[hi - 1] == 9 || u[hi - 1] == 13) { hi -= 1 }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
