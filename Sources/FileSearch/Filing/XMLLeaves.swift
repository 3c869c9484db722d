/// Reads the leaf elements (`<name>text</name>`) of an XML document in document order.
///
/// Not an XML parser: namespace prefixes are dropped (`ns2:cik` → `cik`), attributes ignored,
/// only elements whose content holds no child element are reported, with entities decoded.
/// Good enough for EDGAR's flat form XML (ownership, Form D, C, 13F, N-PORT, N-PX, 144, EFFECT).
enum XMLLeaves {
    /// Calls `visit(localName, value)` for every leaf with non-empty trimmed text; stop by returning false.
    /// - Complexity: O(n).
    static func forEach(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>, _ visit: (String, String) -> Bool) {
        var i = range.lowerBound
        let end = range.upperBound
        var openName: Range<Int>? = nil
        var textStart = 0
        while let lt = ByteScan.find([60], in: buf, from: i, to: end) { // 60 = "<"
            let isClose = lt + 1 < end && buf[lt + 1] == 47 // "/"
            var j = lt + (isClose ? 2 : 1)
            let nameStart = j
            while j < end, !ByteScan.isSpace(buf[j]), buf[j] != 62, buf[j] != 47 { j += 1 } // 62 = ">"
            let name = nameStart..<j
            guard let gt = ByteScan.find([62], in: buf, from: j, to: end) else { return }
            if isClose {
                if let o = openName, o.count == name.count, ByteScan.matches(Array(buf[o]), in: buf, at: name.lowerBound) {
                    if let v = ByteScan.trimmedString(buf, textStart..<lt) {
                        if !visit(localName(buf, name), Entities.decode(v)) { return }
                    }
                }
                openName = nil
            } else if nameStart < end, buf[nameStart] != 63, buf[nameStart] != 33, buf[gt - 1] != 47 { // ?, !, self-closing
                openName = name
                textStart = gt + 1
            } else {
                openName = nil
            }
            i = gt + 1
        }
    }

    static func localName(_ buf: UnsafeRawBufferPointer, _ r: Range<Int>) -> String {
        var s = r.lowerBound
        for k in r where buf[k] == 58 { s = k + 1 } // 58 = ":"
        return String(decoding: UnsafeRawBufferPointer(rebasing: buf[s..<r.upperBound]), as: UTF8.self)
    }
}

/// Decodes the character references that occur in header values and XBRL facts.
enum Entities {
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
                                          "rsquo": "\u{2019}", "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}",
                                          "ndash": "\u{2013}", "mdash": "\u{2014}", "reg": "\u{00AE}", "trade": "\u{2122}",
                                          "copy": "\u{00A9}"]

    /// `s` with `&name;`, `&#NNN;` and `&#xHH;` replaced; unknown references kept as written.
    /// - Complexity: O(s length).
    static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let ref = after[..<semi]
                var rep: String? = nil
                if ref.hasPrefix("#x") || ref.hasPrefix("#X") {
                    rep = UInt32(ref.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if ref.hasPrefix("#") {
                    rep = UInt32(ref.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    rep = named[String(ref)]
                }
                if let r = rep { out += r; rest = after[after.index(after: semi)...]; continue }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }
}
