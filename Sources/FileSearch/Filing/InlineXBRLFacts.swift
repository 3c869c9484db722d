/// Reads the cover-page `dei:` facts of an inline XBRL (iXBRL) document.
///
/// `dei:DocumentType` → form, `dei:DocumentPeriodEndDate` → period (formatted text such as
/// `September 28, 2024` or `6/30/2023`), `dei:EntityCentralIndexKey` + `dei:EntityRegistrantName`
/// → entities, paired by `contextRef` in document order (a filing can have several registrants).
enum InlineXBRLFacts {
    static let wanted: Set<String> = ["DocumentType", "DocumentPeriodEndDate", "EntityCentralIndexKey", "EntityRegistrantName"]

    /// The facts stated in `buf[range]`; fields the document does not state stay nil.
    /// - Complexity: O(n) over the range (one forward search for `"dei:`), O(fact length) per fact.
    static func read(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> FilingMetadata? {
        var meta = FilingMetadata()
        var contexts: [String] = []
        var ciks: [String: String] = [:], names: [String: String] = [:]
        var found = false
        for quote in [UInt8(ascii: "\""), UInt8(ascii: "'")] where !found {
            let needle = [quote] + "dei:".bytes
            var i = range.lowerBound
            while let p = ByteScan.find(needle, in: buf, from: i, to: range.upperBound) {
                i = p + needle.count
                var e = i
                while e < range.upperBound, e - i < 64, buf[e] != quote { e += 1 }
                let key = String(decoding: UnsafeRawBufferPointer(rebasing: buf[i..<e]), as: UTF8.self)
                guard wanted.contains(key), let fact = factText(buf, nameAt: p, nameEnd: e, limit: range) else { continue }
                found = true
                switch key {
                case "DocumentType":
                    if meta.formType == nil { meta.formType = fact.text; meta.provenance["form"] = .stated }
                case "DocumentPeriodEndDate":
                    if meta.period == nil, let d = StatedDate.parse(fact.text) { meta.period = d; meta.provenance["period"] = .stated }
                case "EntityCentralIndexKey":
                    if !contexts.contains(fact.context) { contexts.append(fact.context) }
                    if ciks[fact.context] == nil { ciks[fact.context] = CIK.normalize(fact.text) }
                default:
                    if !contexts.contains(fact.context) { contexts.append(fact.context) }
                    if names[fact.context] == nil { names[fact.context] = fact.text }
                }
            }
        }
        guard found else { return nil }
        var seen = Set<String>()
        for c in contexts {
            let e = FilingEntity(role: .filer, cik: ciks[c], name: names[c])
            guard e.cik != nil || e.name != nil, seen.insert("\(e.cik ?? "")|\(e.name ?? "")").inserted else { continue }
            meta.entities.append(e)
        }
        if !meta.entities.isEmpty { meta.provenance["entities"] = .stated }
        return meta
    }

    /// The text and `contextRef` of the `ix:` element whose `name=` attribute value starts at `nameAt`.
    static func factText(_ buf: UnsafeRawBufferPointer, nameAt: Int, nameEnd: Int, limit: Range<Int>) -> (text: String, context: String)? {
        guard let lt = ByteScan.findLast([60], in: buf, from: max(limit.lowerBound, nameAt - 4096), to: nameAt), // "<"
              ByteScan.matchesCaseless("<IX:".bytes, in: buf, at: lt),
              let gt = ByteScan.find([62], in: buf, from: nameEnd, to: min(limit.upperBound, nameEnd + 4096)) // ">"
        else { return nil }
        var context = ""
        if let c = ByteScan.find("contextRef=".bytes, in: buf, from: lt, to: gt), c + 12 < gt {
            let q = buf[c + 11]
            var e = c + 12
            while e < gt, buf[e] != q { e += 1 }
            context = String(decoding: UnsafeRawBufferPointer(rebasing: buf[(c + 12)..<e]), as: UTF8.self)
        }
        guard buf[gt - 1] != 47 else { return nil } // "/": empty element
        let closeEnd = min(limit.upperBound, gt + 65_536)
        // The element's local name (`nonNumeric`), to find its matching close across nested facts.
        var ne = lt + 4
        while ne < gt, !ByteScan.isSpace(buf[ne]), buf[ne] != 62, buf[ne] != 47 { ne += 1 } // 62 = ">", 47 = "/"
        let openTag = Array(buf[lt..<ne]).map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }  // upper-case for matchesCaseless
        let closeTag = [60, 47] + openTag.dropFirst()                                  // "</" + name
        var depth = 1
        var k = gt + 1
        var close: Int? = nil
        while let p = ByteScan.find([60], in: buf, from: k, to: closeEnd) {
            if ByteScan.matchesCaseless(closeTag, in: buf, at: p) {
                depth -= 1
                if depth == 0 { close = p; break }
            } else if ByteScan.matchesCaseless(openTag, in: buf, at: p) {
                depth += 1
            }
            k = p + 1
        }
        guard let close else { return nil }
        let text = FactText.visible(buf, (gt + 1)..<close)
        return text.isEmpty ? nil : (text, context)
    }
}

/// Visible text of a small markup fragment: tags dropped, entities decoded, white space collapsed.
enum FactText {
    /// - Complexity: O(range length).
    static func visible(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var inTag = false
        for k in range {
            let b = buf[k]
            if b == 60 { inTag = true; continue }                   // "<"
            if b == 62 && inTag { inTag = false; continue }         // ">"
            if !inTag { bytes.append(b) }
        }
        return clean(Entities.decode(String(decoding: bytes, as: UTF8.self)))
    }

    /// `s` with no-break spaces as spaces, runs of white space collapsed and ends trimmed.
    static func clean(_ s: String) -> String {
        var out = ""
        var space = false
        for u in s.unicodeScalars {
            if u == "\u{00A0}" || u == " " || u == "\t" || u == "\n" || u == "\r" { space = !out.isEmpty; continue }
            if space { out.unicodeScalars.append(" "); space = false }
            out.unicodeScalars.append(u)
        }
        return out
    }
}
