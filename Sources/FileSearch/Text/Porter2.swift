/// The Porter2 (Snowball english, 3.1.1) algorithm on a lower-case ASCII word.
///
/// Regions: R1 starts after the first non-vowel following a vowel (or after a special prefix),
/// R2 the same again inside R1. `Y` marks a consonant `y`. All edits are at the end of the
/// word, so region offsets stay valid as the word shrinks.
struct Porter2 {
    private var w: [UInt8]
    private var p1 = 0
    private var p2 = 0
    private var yFound = false

    init(_ word: [UInt8]) { w = word }

    // ASCII codes used below
    private static let a: UInt8 = 97, e: UInt8 = 101, i: UInt8 = 105, l: UInt8 = 108, o: UInt8 = 111
    private static let s: UInt8 = 115, t: UInt8 = 116, y: UInt8 = 121, Y: UInt8 = 89, apostrophe: UInt8 = 39

    private static func isV(_ c: UInt8) -> Bool {
        c == 97 || c == 101 || c == 105 || c == 111 || c == 117 || c == 121 // a e i o u y
    }

    private static func isVWXY(_ c: UInt8) -> Bool { isV(c) || c == 119 || c == 120 || c == 89 } // w x Y

    private func ends(_ suffix: StaticString) -> Bool { ends(suffix, at: w.count) }

    /// True if `w[..<end]` ends with `suffix`.
    private func ends(_ suffix: StaticString, at end: Int) -> Bool {
        let m = suffix.utf8CodeUnitCount
        guard m <= end else { return false }
        let q = suffix.utf8Start
        for k in 0..<m where w[end - m + k] != q[k] { return false }
        return true
    }

    private func equals(_ s: StaticString, upTo end: Int) -> Bool { end == s.utf8CodeUnitCount && ends(s, at: end) }

    private mutating func replaceSuffix(_ length: Int, with r: StaticString) {
        w.removeLast(length)
        w.append(contentsOf: UnsafeBufferPointer(start: r.utf8Start, count: r.utf8CodeUnitCount))
    }

    private func hasVowel(before end: Int) -> Bool {
        for k in 0..<max(0, end) where Self.isV(w[k]) { return true }
        return false
    }

    /// The longest of `suffixes` that ends the word.
    private func longest(_ suffixes: [StaticString]) -> StaticString? {
        var best: StaticString?
        for s in suffixes where ends(s) && s.utf8CodeUnitCount > (best?.utf8CodeUnitCount ?? -1) { best = s }
        return best
    }

    /// A short syllable ends `w[..<end]` (or it ends in `past`).
    private func shortV(_ end: Int) -> Bool {
        if end >= 3 && !Self.isVWXY(w[end - 1]) && Self.isV(w[end - 2]) && !Self.isV(w[end - 3]) { return true }
        if end == 2 && !Self.isV(w[1]) && Self.isV(w[0]) { return true }
        return ends("past", at: end)
    }

    mutating func stem() -> [UInt8] {
        if let x = exception1() { return x }
        guard w.count >= 3 else { return w }
        prelude()
        markRegions()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        if yFound { for k in w.indices where w[k] == Self.Y { w[k] = Self.y } }
        return w
    }

    private static let exceptions: [(StaticString, StaticString?)] = [
            ("skis", "ski"), ("skies", "sky"), ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
            ("early", "earli"), ("only", "onli"), ("singly", "singl"),
            ("sky", nil), ("news", nil), ("howe", nil), ("atlas", nil), ("cosmos", nil), ("bias", nil), ("andes", nil),
        ]

    private func exception1() -> [UInt8]? {
        for (word, result) in Self.exceptions where equals(word, upTo: w.count) {
            guard let r = result else { return w }
            return Array(UnsafeBufferPointer(start: r.utf8Start, count: r.utf8CodeUnitCount))
        }
        return nil
    }

    private mutating func prelude() {
        if w.first == Self.apostrophe { w.removeFirst() }
        if w.first == Self.y { w[0] = Self.Y; yFound = true }
        if w.count > 1 {
            for k in 1..<w.count where w[k] == Self.y && Self.isV(w[k - 1]) { w[k] = Self.Y; yFound = true }
        }
    }

    private static let prefixes: [StaticString] = ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"]

    private mutating func markRegions() {
        let n = w.count
        p1 = n
        p2 = n
        var c = 0
        var prefixed = false
        for pre in Self.prefixes {
            let m = pre.utf8CodeUnitCount
            if m <= n && ends(pre, at: m) { c = m; prefixed = true; break }
        }
        if !prefixed {
            guard let r = afterVowelConsonant(from: 0) else { return }
            c = r
        }
        p1 = c
        guard let r2 = afterVowelConsonant(from: c) else { return }
        p2 = r2
    }

    /// The index after the first non-vowel that follows a vowel, searching from `start`.
    private func afterVowelConsonant(from start: Int) -> Int? {
        var k = start
        while k < w.count && !Self.isV(w[k]) { k += 1 }
        while k < w.count && Self.isV(w[k]) { k += 1 }
        return k < w.count ? k + 1 : nil
    }

    private mutating func step1a() {
        if ends("'s'") { w.removeLast(3) } else if ends("'s") { w.removeLast(2) } else if ends("'") { w.removeLast(1) }
        if ends("sses") {
            replaceSuffix(4, with: "ss")
        } else if ends("ied") || ends("ies") {
            replaceSuffix(3, with: w.count - 3 >= 2 ? "i" : "ie")
        } else if ends("ss") || ends("us") {
            return
        } else if ends("s") {
            let k = w.count - 1
            if k >= 1 && hasVowel(before: k - 1) { w.removeLast() }
        }
    }

    private static let step1bSuffixes: [StaticString] = ["eedly", "ingly", "edly", "eed", "ing", "ed"]
    private static let step1bInvariantPrefixes: [StaticString] = ["even", "cann", "inn", "earr", "herr", "out"]

    private mutating func step1b() {
        guard let suffix = longest(Self.step1bSuffixes) else { return }
        let m = suffix.utf8CodeUnitCount
        let start = w.count - m
        if ends("eed") || ends("eedly") {
            guard start >= p1 else { return }
            if equals("succ", upTo: start) || equals("proc", upTo: start) || equals("exc", upTo: start) { return }
            replaceSuffix(m, with: "ee")
            return
        }
        if m == 3 && ends("ing") {
            if start >= 2 && w[start - 1] == Self.y {
                if start == 2 && !Self.isV(w[0]) { replaceSuffix(4, with: "ie"); return } // dying → die
            } else {
                for pre in Self.step1bInvariantPrefixes where equals(pre, upTo: start) { return }
            }
        }
        guard hasVowel(before: start) else { return }
        w.removeLast(m)
        if ends("at") || ends("bl") || ends("iz") { w.append(Self.e); return }
        let n = w.count
        if n >= 2 && w[n - 1] == w[n - 2] {
            let c = w[n - 1]
            // b d f g m n p r t
            if c == 98 || c == 100 || c == 102 || c == 103 || c == 109 || c == 110 || c == 112 || c == 114 || c == 116 {
                if n == 3 && (w[0] == Self.a || w[0] == Self.e || w[0] == Self.o) { return } // add, egg, odd
                w.removeLast()
                return
            }
        }
        if n == p1 && shortV(n) { w.append(Self.e) }
    }

    private mutating func step1c() {
        let n = w.count
        guard n >= 3, w[n - 1] == Self.y || w[n - 1] == Self.Y, !Self.isV(w[n - 2]) else { return }
        w[n - 1] = Self.i
    }

    private static let step2Rules: [(StaticString, StaticString)] = [
            ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
            ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
            ("entli", "ent"), ("ousli", "ous"), ("fulli", "ful"), ("aliti", "al"), ("iviti", "ive"), ("alism", "al"),
            ("ation", "ate"), ("ogist", "og"),
            ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("alli", "al"), ("izer", "ize"), ("ator", "ate"),
            ("bli", "ble"), ("ogi", "og"), ("li", ""),
        ]

    private mutating func step2() {
        guard let (suffix, replacement) = longestRule(Self.step2Rules) else { return }
        let m = suffix.utf8CodeUnitCount
        let start = w.count - m
        guard start >= p1 else { return }
        if m == 3 && ends("ogi") {
            guard start > 0 && w[start - 1] == Self.l else { return }
        } else if m == 2 { // li
            guard start > 0 else { return }
            let c = w[start - 1] // valid_LI: c d e g h k m n r t
            guard c == 99 || c == 100 || c == 101 || c == 103 || c == 104 || c == 107 || c == 109 || c == 110 || c == 114 || c == 116 else { return }
        }
        replaceSuffix(m, with: replacement)
    }

    private func longestRule(_ rules: [(StaticString, StaticString)]) -> (StaticString, StaticString)? {
        var best: (StaticString, StaticString)?
        for r in rules where ends(r.0) && r.0.utf8CodeUnitCount > (best?.0.utf8CodeUnitCount ?? -1) { best = r }
        return best
    }

    private static let step3Rules: [(StaticString, StaticString)] = [
            ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
            ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
        ]

    private mutating func step3() {
        guard let (suffix, replacement) = longestRule(Self.step3Rules) else { return }
        let m = suffix.utf8CodeUnitCount
        let start = w.count - m
        guard start >= p1 else { return }
        if ends("ative") && m == 5 { guard start >= p2 else { return } }
        replaceSuffix(m, with: replacement)
    }

    private static let step4Suffixes: [StaticString] = ["ement", "ance", "ence", "able", "ible", "ment", "ate", "ive", "ize",
                                                         "iti", "ism", "ion", "ous", "ant", "ent", "ic", "al", "er"]

    private mutating func step4() {
        guard let suffix = longest(Self.step4Suffixes) else { return }
        let m = suffix.utf8CodeUnitCount
        let start = w.count - m
        guard start >= p2 else { return }
        if m == 3 && ends("ion") {
            guard start > 0 && (w[start - 1] == Self.s || w[start - 1] == Self.t) else { return }
        }
        w.removeLast(m)
    }

    private mutating func step5() {
        let n = w.count
        guard n > 0 else { return }
        let start = n - 1
        if w[start] == Self.e {
            if start >= p2 || (start >= p1 && !shortV(start)) { w.removeLast() }
        } else if w[start] == Self.l {
            if start >= p2 && start > 0 && w[start - 1] == Self.l { w.removeLast() }
        }
    }
}
