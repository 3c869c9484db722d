#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses an EDGAR submission header into `FilingMetadata`, one line at a time.
///
/// Accepts both header styles, even mixed in one header:
/// - `.txt` dissemination: tab-indented `KEY: value` lines, entity blocks (`FILER:`,
///   `SUBJECT COMPANY:`, `REPORTING-OWNER:`, `FILED BY:`, `ISSUER:` …) with sub-blocks
///   (`COMPANY DATA:`/`OWNER DATA:`, `FILING VALUES:`, `BUSINESS ADDRESS:`, `MAIL ADDRESS:`,
///   `FORMER COMPANY:`), plus `<ACCEPTANCE-DATETIME>` tag lines;
/// - `.nc` / `-index-headers` style: `<TAG>value` lines with `<FILER>` … `</FILER>` containers.
///
/// Unknown keys are ignored; values that do not parse (bad dates, bad CIKs) become warnings.
/// Entities are ordered by the manifest convention when finished (see `EntityOrder`).
struct HeaderParser {
    private(set) var metadata = FilingMetadata()
    private(set) var warnings: [String] = []
    private var entity: FilingEntity?
    private var section: Section = .none

    private enum Section { case none, companyData, filingValues, businessAddress, mailAddress, formerCompany, other }

    /// Feeds one header line (without its terminator), as raw bytes.
    ///
    /// Works on bytes: a line whose key is not one the metadata keeps (addresses, phones, IRS numbers …:
    /// most of a header) costs a scan and a few length checks, no String. Kept values, block and section
    /// names are decoded leniently (`LenientText`: UTF-8, else Windows-1252).
    /// - Complexity: O(line length).
    mutating func line(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        var lo = 0
        while lo < n && (raw[lo] == 9 || raw[lo] == 32) { lo += 1 }
        guard lo < n else { return }
        let indent = lo
        if raw[lo] == UInt8(ascii: "<") { tags(Substring(LenientText.decode(UnsafeRawBufferPointer(rebasing: raw[lo..<n])))); return }
        var colon = lo
        while colon < n && raw[colon] != 58 { colon += 1 } // ':' (ASCII: never inside a multi-byte character)
        guard colon < n else { return }
        let key = Self.trimmed(raw, lo, colon), value = Self.trimmed(raw, colon + 1, n)
        if value.isEmpty {
            let name = LenientText.decode(key)
            if indent == 0 {
                if let role = EntityOrder.role(forBlock: name) { startEntity(role, block: name) }
                return
            }
            if let s = Self.section(name) { enter(s) }
            return
        }
        guard let field = HeaderField(key) else { return }
        let v = LenientText.decode(value)
        if indent == 0 || entity == nil {
            topLevel(field, value: v)
        } else {
            entityField(field, value: v)
        }
    }

    /// `raw[from..<to]` without leading and trailing spaces and tabs.
    private static func trimmed(_ raw: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        var lo = from, hi = to
        while lo < hi && (raw[lo] == 32 || raw[lo] == 9) { lo += 1 }
        while hi > lo && (raw[hi - 1] == 32 || raw[hi - 1] == 9) { hi -= 1 }
        return UnsafeRawBufferPointer(rebasing: raw[lo..<hi])
    }

    /// Finishes the last entity and returns the metadata with entities in manifest order.
    mutating func finish() -> (FilingMetadata, [String]) {
        endEntity()
        // The same company often appears in several blocks (a 1933 and a 1940 Act FILER block,
        // FILER + DEPOSITOR + SECURITIZER): keep its first appearance in manifest order.
        var seen = Set<String>()
        metadata.entities = EntityOrder.sorted(metadata.entities).filter { seen.insert("\($0.cik ?? "")|\($0.name ?? "")").inserted }
        if !metadata.entities.isEmpty { metadata.provenance["entities"] = .stated }
        return (metadata, warnings)
    }

    // MARK: - tag style

    private mutating func tags(_ content: Substring) {
        // A line may hold several `<TAG>value` pieces (one-line `.nc` headers).
        var rest = content
        while let open = rest.utf8.firstIndex(of: 60) { // '<'
            guard let close = rest[open...].utf8.firstIndex(of: 62) else { return } // '>'
            let name = String(rest[rest.utf8.index(after: open)..<close])
            let afterTag = rest.utf8.index(after: close)
            let valueEnd = rest[afterTag...].utf8.firstIndex(of: 60) ?? rest.endIndex // '<' 
            let value = String(rest[afterTag..<valueEnd]).trimmingASCIIWhitespace()
            tag(name, value)
            rest = rest[valueEnd...]
        }
    }

    private mutating func tag(_ name: String, _ value: String) {
        if name.hasPrefix("/") {
            let n = String(name.dropFirst())
            if EntityOrder.role(forBlock: n) != nil { endEntity() } else if Self.section(n) != nil { section = .none }
            return
        }
        if value.isEmpty {
            if let role = EntityOrder.role(forBlock: name) { startEntity(role, block: name) }
            else if let s = Self.section(name) { enter(s) }
            return
        }
        guard let field = HeaderField(tag: name) else { return }
        if field.isTopLevel { topLevel(field, value: value) } else { entityField(field, value: value) }
    }

    // MARK: - fields

    private mutating func topLevel(_ field: HeaderField, value: String) {
        switch field {
        case .accession:
            guard Accession.isValid(value) else {
                warnings.append("header: ACCESSION NUMBER '\(value.prefix(40))' is not NNNNNNNNNN-YY-NNNNNN; ignored")
                return
            }
            if metadata.accession == nil { metadata.accession = value; metadata.provenance["accession"] = .stated }
        case .formType:
            if metadata.formType == nil { metadata.formType = value; metadata.provenance["form"] = .stated }
        case .filed:
            if metadata.filed == nil { setDate(value, field: "filed") { $0.filed = $1 } }
        case .period:
            if metadata.period == nil { setDate(value, field: "period") { $0.period = $1 } }
        case .acceptance:
            if metadata.acceptance == nil { metadata.acceptance = value; metadata.provenance["acceptance"] = .stated }
        default: break
        }
    }

    private mutating func setDate(_ value: String, field: String, _ set: (inout FilingMetadata, FilingDate) -> Void) {
        if let d = FilingDate(value) {
            set(&metadata, d)
            metadata.provenance[field] = .stated
        } else {
            warnings.append("header: \(field) '\(value.prefix(40))' is not a YYYYMMDD date; ignored")
        }
    }

    private mutating func entityField(_ field: HeaderField, value: String) {
        guard var e = entity else { return }
        defer { entity = e }
        switch (section, field) {
        case (.formerCompany, .formerName):
            if var last = e.formerNames.popLast(), last.name.isEmpty { last.name = value; e.formerNames.append(last) }
            else { e.formerNames.append(FormerName(name: value, changed: nil)) }
        case (.formerCompany, .nameChanged):
            if var last = e.formerNames.popLast() { last.changed = FilingDate(value); e.formerNames.append(last) }
        case (.businessAddress, .state):
            if e.businessState == nil { e.businessState = value }
        case (_, .name):
            if e.name == nil { e.name = value }
        case (_, .cik):
            if let c = CIK.normalize(value) { if e.cik == nil { e.cik = c } }
            else { warnings.append("header: CIK '\(value.prefix(40))' is not 1–10 digits; ignored") }
        case (_, .sic):
            let (code, desc) = Self.splitSIC(value)
            if e.sic == nil { e.sic = code }
            if e.sicDescription == nil { e.sicDescription = desc }
        case (_, .stateOfIncorporation):
            if e.stateOfIncorporation == nil { e.stateOfIncorporation = value }
        case (_, .fiscalYearEnd):
            if e.fiscalYearEnd == nil { e.fiscalYearEnd = value }
        default: break
        }
    }

    /// `SAVINGS INSTITUTIONS [6036]` → ("6036", "SAVINGS INSTITUTIONS"); `2834` → ("2834", nil); ` []` → (nil, nil).
    static func splitSIC(_ v: String) -> (String?, String?) {
        let u = Array(v.utf8)
        if u.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return (v, nil) }
        guard let open = u.lastIndex(of: UInt8(ascii: "[")), let close = u.lastIndex(of: UInt8(ascii: "]")), open < close else {
            return (nil, v)
        }
        let code = u[(open + 1)..<close]
        let desc = String(decoding: u[..<open], as: UTF8.self).trimmingASCIIWhitespace()
        let codeOK = !code.isEmpty && code.allSatisfy { $0 >= 48 && $0 <= 57 }
        return (codeOK ? String(decoding: code, as: UTF8.self) : nil, desc.isEmpty ? nil : desc)
    }

    // MARK: - blocks

    private mutating func startEntity(_ role: EntityRole, block: String) {
        endEntity()
        var e = FilingEntity(role: role)
        e.block = block
        entity = e
        section = .none
    }

    private mutating func endEntity() {
        if var e = entity {
            e.formerNames.removeAll { $0.name.isEmpty } // a FORMER COMPANY block that stated no name
            metadata.entities.append(e)
        }
        entity = nil
        section = .none
    }

    private mutating func enter(_ s: Section) {
        section = s
        if s == .formerCompany, entity != nil { entity!.formerNames.append(FormerName(name: "", changed: nil)) } // `!`: checked non-nil on the same line
    }

    private static func section(_ name: String) -> Section? {
        switch name {
        case "COMPANY DATA", "OWNER DATA", "COMPANY-DATA", "OWNER-DATA": return .companyData
        case "FILING VALUES", "FILING-VALUES": return .filingValues
        case "BUSINESS ADDRESS", "BUSINESS-ADDRESS": return .businessAddress
        case "MAIL ADDRESS", "MAIL-ADDRESS": return .mailAddress
        case "FORMER COMPANY", "FORMER-COMPANY", "FORMER NAME", "FORMER-NAME": return .formerCompany
        default: return nil
        }
    }
}

/// The header keys the metadata keeps: `KEY: value` lines (`.txt` headers) and `<TAG>value` lines (`.nc`).
enum HeaderField: CaseIterable {
    case accession, formType, filed, period, acceptance
    case name, cik, sic, stateOfIncorporation, fiscalYearEnd, state, formerName, nameChanged

    /// Submission-level (the rest belong to the entity block they are in).
    var isTopLevel: Bool {
        switch self {
        case .accession, .formType, .filed, .period, .acceptance: return true
        default: return false
        }
    }

    /// The key of a `.txt` header line.
    var key: String {
        switch self {
        case .accession: return "ACCESSION NUMBER"
        case .formType: return "CONFORMED SUBMISSION TYPE"
        case .filed: return "FILED AS OF DATE"
        case .period: return "CONFORMED PERIOD OF REPORT"
        case .acceptance: return "ACCEPTANCE-DATETIME"
        case .name: return "COMPANY CONFORMED NAME"
        case .cik: return "CENTRAL INDEX KEY"
        case .sic: return "STANDARD INDUSTRIAL CLASSIFICATION"
        case .stateOfIncorporation: return "STATE OF INCORPORATION"
        case .fiscalYearEnd: return "FISCAL YEAR END"
        case .state: return "STATE"
        case .formerName: return "FORMER CONFORMED NAME"
        case .nameChanged: return "DATE OF NAME CHANGE"
        }
    }

    /// The tag of a `.nc` header line.
    var tag: String {
        switch self {
        case .accession: return "ACCESSION-NUMBER"
        case .formType: return "TYPE"
        case .filed: return "FILING-DATE"
        case .period: return "PERIOD"
        case .acceptance: return "ACCEPTANCE-DATETIME"
        case .name: return "CONFORMED-NAME"
        case .cik: return "CIK"
        case .sic: return "ASSIGNED-SIC"
        case .stateOfIncorporation: return "STATE-OF-INCORPORATION"
        case .fiscalYearEnd: return "FISCAL-YEAR-END"
        case .state: return "STATE"
        case .formerName: return "FORMER-CONFORMED-NAME"
        case .nameChanged: return "DATE-CHANGED"
        }
    }

    /// Every field's key bytes, for `init?(_:)`.
    private static let keys: [(bytes: [UInt8], field: HeaderField)] = allCases.map { (Array($0.key.utf8), $0) }
    private static let tags: [String: HeaderField] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.tag, $0) })

    /// The field whose key is exactly `bytes`, or nil (most keys: compared by length first).
    init?(_ bytes: UnsafeRawBufferPointer) {
        for (k, f) in HeaderField.keys where k.count == bytes.count {
            if k.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, k.count) }) == 0 { self = f; return } // keys are non-empty; so is bytes (same count)
        }
        return nil
    }

    init?(tag: String) {
        guard let f = HeaderField.tags[tag] else { return nil }
        self = f
    }
}
