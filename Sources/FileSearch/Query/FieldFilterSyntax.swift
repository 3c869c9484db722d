/// Turns `name:value` into a `FieldFilter`, normalizing values the way the index stores them.
public enum FieldFilterSyntax {
    /// Every field name the parser knows, sorted (listed in the unknown-field error).
    public static let knownFields = ["accession", "cik", "company", "filed", "form", "period", "sic", "state", "type"]

    /// Why a value was rejected: the message and what was expected.
    public struct Rejection: Error { public var message: String; public var expected: String }

    /// The filter for `name:value`. `name` is lower-case.
    /// - Throws: `Rejection` for a malformed value or an unknown field name.
    public static func filter(name: String, value: String) throws -> FieldFilter {
        switch name {
        case "form":
            // `form:10-K,10-K/A` lists several forms; each is matched exactly.
            let forms = value.split(separator: ",").map { normalizeKeyword(String($0)) }.filter { !$0.isEmpty }
            guard !forms.isEmpty, !value.contains("*") else {
                throw Rejection(message: "invalid form type '\(value)'", expected: "a form type such as 4, \"10-K\", 10-K/A, or a comma list 10-K,10-K/A")
            }
            return .form(forms)
        case "cik":
            guard let c = CIK.normalize(value) else {
                throw Rejection(message: "invalid CIK '\(value)'", expected: "1 to 10 digits, e.g. cik:896493")
            }
            return .cik(c)
        case "filed", "period":
            guard let r = DateRangeSyntax.parse(value) else {
                throw Rejection(message: "invalid date '\(value)'", expected: DateRangeSyntax.expected)
            }
            return name == "filed" ? .filed(r) : .period(r)
        case "company":
            let terms = Analyzer(mode: .query).terms(value)
            guard !terms.isEmpty else {
                throw Rejection(message: "company name '\(value)' has no searchable words", expected: "a company name, e.g. company:\"ault alliance\"")
            }
            return .company(terms)
        case "type":
            let t = normalizeKeyword(value)
            guard !t.isEmpty else { throw Rejection(message: "empty document type", expected: "a document type such as EX-10.1") }
            return .documentType(t)
        case "sic":
            guard !value.isEmpty, value.count <= 4, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw Rejection(message: "invalid SIC code '\(value)'", expected: "a 1 to 4 digit SIC code, e.g. sic:3679")
            }
            return .sic(value)
        case "state":
            let s = normalizeKeyword(value)
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else {
                throw Rejection(message: "invalid state '\(value)'", expected: "a state or country code such as NV")
            }
            return .state(s)
        case "accession":
            guard let a = normalizeAccession(value) else {
                throw Rejection(message: "invalid accession number '\(value)'", expected: "NNNNNNNNNN-NN-NNNNNN or 18 digits")
            }
            return .accession(a)
        default:
            throw Rejection(message: "unknown field '\(name)'", expected: "one of the known fields: " + knownFields.map { $0 + ":" }.joined(separator: ", "))
        }
    }

    /// Trimmed, ASCII upper-cased, internal white space collapsed (how keyword values are indexed).
    public static func normalizeKeyword(_ value: String) -> String {
        value.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `0001214659-24-009346` from that form or from its 18 digits; nil otherwise.
    public static func normalizeAccession(_ value: String) -> String? {
        let digits = value.filter { $0 != "-" }
        guard digits.count == 18, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if value.contains("-") {
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.map(\.count) == [10, 2, 6] else { return nil }
        }
        let d = Array(digits)
        return String(d[0..<10]) + "-" + String(d[10..<12]) + "-" + String(d[12..<18])
    }
}
