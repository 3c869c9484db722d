/// Reads the labelled boxes of EDGAR's HTML renderings of XML forms.
///
/// - Forms 3/4/5 renderings: form (`SEC FORM` box), reporting person (box 1, no CIK), issuer
///   (the `Issuer Name … Ticker or Trading Symbol` box, up to `[`), period (`Date of Event Requiring
///   Statement` or `Date of Earliest Transaction`).
/// - TA-1 renderings: form (`FORM TA-1/A`), `Filer CIK:` and `Full Name of Registrant:`.
/// Only the first 64 KiB are read; a page without these labels yields nil.
enum RenderedFormFacts {
    static let window = 65_536

    /// - Complexity: O(min(n, 64 KiB)).
    static func read(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> FilingMetadata? {
        let lines = VisibleLines.lines(buf, range.lowerBound..<min(range.upperBound, range.lowerBound + window))
        if let k = lines.firstIndex(where: { $0.hasPrefix("1. Name and Address of Reporting") }) { return ownership(lines, k) }
        if lines.contains("Filer CIK:"), lines.contains("Full Name of Registrant:") { return transferAgent(lines) }
        return nil
    }

    static func after(_ lines: [String], _ label: String) -> String? {
        guard let k = lines.firstIndex(of: label), k + 1 < lines.count else { return nil }
        return lines[k + 1]
    }

    static func ownership(_ lines: [String], _ box1: Int) -> FilingMetadata? {
        var meta = FilingMetadata()
        // The page title: `SEC FORM 3` (or `SEC FORM` and the number on the next line).
        if let k = lines.firstIndex(where: { $0.uppercased().hasPrefix("SEC FORM") }) {
            var f = String(lines[k].dropFirst(8)).trimmingASCIIWhitespace()
            if f.isEmpty, k + 1 < lines.count { f = lines[k + 1] }
            if !f.isEmpty, f.count <= 4, f.first?.isNumber == true { meta.formType = f; meta.provenance["form"] = .stated }
        }
        var owner: [String] = []
        for l in lines[(box1 + 1)...] {
            if l == "(Last)" { break }
            if l != "*" && l != "Person" { owner.append(l) }
        }
        var issuer: [String] = []
        if let k = lines.firstIndex(where: { $0.contains("Issuer Name") }),
           let sym = lines[k...].firstIndex(where: { $0.hasSuffix("Symbol") }) {
            for l in lines[(sym + 1)...] { if l == "[" { break }; issuer.append(l) }
        }
        if let k = lines.firstIndex(where: { $0.contains("Date of Event Requiring Statement") || $0.contains("Date of Earliest Transaction") }) {
            for l in lines[(k + 1)..<min(lines.count, k + 4)] {
                if let d = StatedDate.parse(l) { meta.period = d; meta.provenance["period"] = .stated; break }
            }
        }
        if !issuer.isEmpty { meta.entities.append(FilingEntity(role: .issuer, name: issuer.joined(separator: " "))) }
        if !owner.isEmpty { meta.entities.append(FilingEntity(role: .reportingOwner, name: owner.joined(separator: " "))) }
        if !meta.entities.isEmpty { meta.provenance["entities"] = .stated }
        return meta.formType == nil && meta.entities.isEmpty ? nil : meta
    }

    static func transferAgent(_ lines: [String]) -> FilingMetadata? {
        var meta = FilingMetadata()
        if let f = lines.first(where: { $0.hasPrefix("FORM ") }) {
            meta.formType = String(f.dropFirst(5)).trimmingASCIIWhitespace()
            meta.provenance["form"] = .stated
        }
        let e = FilingEntity(role: .filer, cik: after(lines, "Filer CIK:").flatMap { CIK.normalize($0) }, name: after(lines, "Full Name of Registrant:"))
        if e.cik != nil || e.name != nil { meta.entities = [e]; meta.provenance["entities"] = .stated }
        return meta
    }
}

/// The visible text of an HTML fragment as trimmed lines: every tag is a line break,
/// `<script>`/`<style>` contents dropped, entities decoded, no-break spaces as spaces.
enum VisibleLines {
    /// - Complexity: O(range length).
    static func lines(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        func flush() {
            if !cur.isEmpty {
                let s = FactText.clean(Entities.decode(String(decoding: cur, as: UTF8.self)))
                if !s.isEmpty { out.append(s) }
                cur.removeAll(keepingCapacity: true)
            }
        }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = buf[i]
            if b == 60 { // "<"
                flush()
                let raw = ByteScan.matchesCaseless("<SCRIPT".bytes, in: buf, at: i) ? "</SCRIPT" : ByteScan.matchesCaseless("<STYLE".bytes, in: buf, at: i) ? "</STYLE" : nil
                if let closeName = raw {
                    var j = i + 1
                    while j < end, !ByteScan.matchesCaseless(closeName.bytes, in: buf, at: j) { j += 1 }
                    i = j
                }
                guard let gt = ByteScan.find([62], in: buf, from: i, to: end) else { break } // ">"
                i = gt + 1
                continue
            }
            cur.append(b == 10 || b == 13 || b == 9 ? 32 : b)
            i += 1
        }
        flush()
        return out
    }
}
