/// Classification of HTML element names for text extraction.
enum TagKind {
    /// Ends a block: `p`, `div`, `td`, `br`, headings … (emits a block boundary).
    case block
    /// Content is not text and is dropped up to the matching end tag: `script`, `style`.
    case rawText
    /// The hidden inline-XBRL header, dropped up to `</ix:header>`.
    case ixHeader
    /// Everything else (`span`, `b`, `a`, `font`, other `ix:` elements …): markup vanishes, text stays.
    case inline
}

enum TagNames {
    /// The kind of the element whose name is the `n` bytes at `p` (any case).
    ///
    /// - Complexity: O(n).
    static func kind(_ p: UnsafePointer<UInt8>, _ n: Int) -> TagKind {
        @inline(__always) func eq(_ s: StaticString) -> Bool {
            let q = s.utf8Start
            for k in 0..<n where (p[k] | 0x20) != q[k] { return false } // | 0x20: ASCII lower-case (digits and ':' unchanged)
            return true
        }
        switch n {
        case 1:
            return (p[0] | 0x20) == 0x70 ? .block : .inline // p
        case 2:
            let a = p[0] | 0x20, b = p[1] | 0x20 // ASCII lower-case
            switch (a, b) {
            case (0x74, 0x64), (0x74, 0x68), (0x74, 0x72), // td th tr
                 (0x62, 0x72), (0x6C, 0x69), (0x75, 0x6C), (0x6F, 0x6C), // br li ul ol
                 (0x68, 0x72), (0x64, 0x64), (0x64, 0x74), (0x64, 0x6C): // hr dd dt dl
                return .block
            case (0x68, 0x31...0x36): return .block // h1–h6
            default: return .inline
            }
        case 3:
            return eq("div") || eq("pre") || eq("nav") ? .block : .inline
        case 4:
            return eq("body") || eq("html") || eq("head") || eq("main") || eq("form") ? .block : .inline
        case 5:
            if eq("style") { return .rawText }
            return eq("table") || eq("title") || eq("tbody") || eq("thead") || eq("tfoot") || eq("aside") ? .block : .inline
        case 6:
            if eq("script") { return .rawText }
            return eq("header") || eq("footer") || eq("center") || eq("figure") || eq("option") ? .block : .inline
        case 7:
            return eq("section") || eq("article") || eq("caption") || eq("address") || eq("details") || eq("summary") ? .block : .inline
        case 8:
            return eq("fieldset") || eq("textarea") ? .block : .inline
        case 9:
            return eq("ix:header") ? .ixHeader : .inline
        case 10:
            return eq("blockquote") || eq("figcaption") ? .block : .inline
        default:
            return .inline
        }
    }
}
