/// Picks the best fragments of a document's text and marks the matched terms.
///
/// A fragment is scored by the number of distinct matched terms it holds (then by matches);
/// fragments are about `width` bytes, cut at spaces and UTF-8 boundaries, `\n` shown as a space,
/// `…` where text was cut. With no match in the text, the text's beginning is returned.
///
/// - Complexity: O(min(text length, `scanLimit`)) tokenization plus O(matches) window scan.
public enum SnippetBuilder {
    /// Only the first bytes of a document are scanned for matches (a 10-K's text can be 10 MB).
    public static let scanLimit = 4 << 20

    public static func snippets(text: [UInt8], terms: Set<[UInt8]>, count: Int, width: Int = 220) -> [Snippet] {
        guard count > 0, !text.isEmpty else { return [] }
        var matches: [(start: Int, end: Int, term: Int)] = []
        var termIDs: [[UInt8]: Int] = [:]
        for t in terms { termIDs[t] = termIDs.count }
        let lengths = Set(terms.map(\.count))
        let firsts = Set(terms.compactMap(\.first))
        text.withUnsafeBytes { all in
            let raw = UnsafeRawBufferPointer(rebasing: all[0..<min(all.count, scanLimit)])
            Analyzer(mode: .index).forEachToken(in: raw) { tok in
                // Cheap pre-checks before building a key (no allocation for most tokens).
                guard lengths.contains(tok.term.count), let f = tok.term.first, firsts.contains(f) else { return }
                if let id = termIDs[Array(tok.term)] {
                    if let last = matches.last, last.start == tok.start { return } // stacked part of the same token
                    matches.append((tok.start, tok.end, id))
                }
            }
        }
        if matches.isEmpty { return [fragment(text, lo: 0, width: width, matches: [])] }
        // Windows anchored at each match.
        var windows: [(score: Int, first: Int, last: Int)] = []
        var j = 0
        for i in matches.indices {
            if j < i { j = i }
            while j + 1 < matches.count && matches[j + 1].end - matches[i].start <= width - 40 { j += 1 }
            var distinct = Set<Int>()
            for m in matches[i...j] { distinct.insert(m.term) }
            windows.append((distinct.count * 1_000_000 + (j - i + 1), i, j))
        }
        windows.sort { $0.score != $1.score ? $0.score > $1.score : $0.first < $1.first }
        var chosen: [(Int, Int)] = []
        for w in windows where chosen.count < count {
            let s = matches[w.first].start, e = matches[w.last].end
            if chosen.contains(where: { s < $0.1 + 40 && e + 40 > $0.0 }) { continue }
            chosen.append((s, e))
        }
        chosen.sort { $0.0 < $1.0 }
        return chosen.map { c in
            let lo = max(0, c.0 - 40)
            return fragment(text, lo: lo, width: width, matches: matches.filter { $0.start >= lo }.map { ($0.start, $0.end) })
        }
    }

    /// The fragment starting near `lo`, about `width` bytes long, with highlights.
    static func fragment(_ text: [UInt8], lo lo0: Int, width: Int, matches: [(Int, Int)]) -> Snippet {
        let n = text.count
        var lo = lo0
        if lo > 0 {
            // Start after a space within the first 20 bytes, else at a UTF-8 boundary.
            var k = lo
            while k < min(n, lo + 20) && text[k] != 32 && text[k] != 10 { k += 1 }
            if k < min(n, lo + 20) { lo = k + 1 }
            while lo < n && text[lo] & 0xC0 == 0x80 { lo += 1 }
        }
        var hi = min(n, lo + width)
        if hi < n {
            var k = hi
            while k > hi - 30 && k > lo && text[k] != 32 && text[k] != 10 { k -= 1 }
            if k > hi - 30 && k > lo { hi = k }
            while hi > lo && hi < n && text[hi] & 0xC0 == 0x80 { hi -= 1 }
        }
        let ellipsis = Array("…".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(hi - lo + 8)
        if lo > 0 { out += ellipsis; out.append(32) }
        let shift = out.count - lo
        for b in text[lo..<hi] { out.append(b == 10 || b == 13 || b == 9 ? 32 : b) }
        if hi < n { out.append(32); out += ellipsis }
        let highlights = matches.filter { $0.0 >= lo && $0.1 <= hi }.map { ($0.0 + shift) ..< ($0.1 + shift) }
        return Snippet(text: String(decoding: out, as: UTF8.self), highlights: highlights)
    }
}
