/// What a document without a submission header states about its filing.
///
/// Dispatches on the content: EDGAR form XML (`FormXMLFacts`), inline XBRL `dei:` facts
/// (`InlineXBRLFacts`), labelled boxes of EDGAR form renderings (`RenderedFormFacts`), and an `ACCESSION NUMBER:` line in the first 64 KiB (`.inferred`).
enum StatedFacts {
    static let accessionLabel = "ACCESSION NUMBER:".bytes

    /// The fields `doc` states, or nil when it states none.
    /// - Complexity: O(body length).
    static func read(_ buf: UnsafeRawBufferPointer, _ doc: FilingDocument) -> FilingMetadata? {
        var meta: FilingMetadata? = nil
        switch doc.format {
        case .xml: meta = FormXMLFacts.read(buf, doc.body)
        case .html: meta = InlineXBRLFacts.read(buf, doc.body) ?? RenderedFormFacts.read(buf, doc.body)
        default: break
        }
        if meta?.accession == nil, let a = accessionLine(buf, doc.body) {
            var m = meta ?? FilingMetadata()
            m.accession = a
            m.provenance["accession"] = .inferred
            meta = m
        }
        return meta
    }

    /// The value of the first `ACCESSION NUMBER:` line in the first 64 KiB, when it looks like one.
    static func accessionLine(_ buf: UnsafeRawBufferPointer, _ r: Range<Int>) -> String? {
        guard let p = ByteScan.find(accessionLabel, in: buf, from: r.lowerBound, to: min(r.upperBound, r.lowerBound + 65_536)) else { return nil }
        let vs = p + accessionLabel.count
        let le = ByteScan.lineEnd(in: buf, from: vs, to: min(r.upperBound, vs + 64))
        guard let v = ByteScan.trimmedString(buf, vs..<le) else { return nil }
        return Accession.isValid(v) ? v : nil
    }
}

/// Accession number helpers.
public enum Accession {
    /// True for `NNNNNNNNNN-YY-NNNNNN`.
    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 20, u[10] == 45, u[13] == 45 else { return false } // 45 = "-"
        return u.enumerated().allSatisfy { $0.offset == 10 || $0.offset == 13 || ($0.element >= 48 && $0.element <= 57) }
    }
}
